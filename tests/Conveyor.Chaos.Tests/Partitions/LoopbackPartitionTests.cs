namespace Conveyor.Chaos.Tests.Partitions;

/// <summary>The partition itself, on a loopback connection of the test's own: what it cuts, and that it leaves no rule behind.</summary>
public sealed class LoopbackPartitionTests
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Cut_SilencesOpenConnectionsBothWaysAndNewOnes_UntilHealed()
    {
        using var pair = await LoopbackPair.OpenAsync();
        await pair.ExchangeAsync().WaitAsync(Delivery);
        await using var partition = await LoopbackPartition.CutAsync(pair.Port);

        var toServer = pair.ClientToServerAsync();
        var toClient = pair.ServerToClientAsync();
        Assert.False(await pair.ConnectsWithinAsync(TimeSpan.FromSeconds(1)), "A new connection was made through the partition.");
        Assert.False(toServer.IsCompleted, "A byte sent on an open connection reached the cut-off port.");
        Assert.False(toClient.IsCompleted, "A byte sent from the cut-off port on an open connection arrived.");
        Assert.Equal(2, (await partition.RemainingRulesAsync()).Count);

        await partition.HealAsync();
        Assert.Empty(await partition.RemainingRulesAsync());
        // Nothing was refused or reset: TCP delivers what the partition held once it heals.
        await Task.WhenAll(toServer, toClient).WaitAsync(Delivery);
        Assert.True(await pair.ConnectsWithinAsync(Delivery), "No new connection after healing.");
    }

    [Fact]
    public async Task Dispose_DeletesTheRules_WhenNeverHealed()
    {
        using var pair = await LoopbackPair.OpenAsync();
        var partition = await LoopbackPartition.CutAsync(pair.Port);
        Assert.NotEmpty(await partition.RemainingRulesAsync());

        await partition.DisposeAsync();

        Assert.Empty(await partition.RemainingRulesAsync());
        await pair.ExchangeAsync().WaitAsync(Delivery);
    }
}
