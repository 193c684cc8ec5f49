using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Crashes;

/// <summary>
/// SIGKILL storm: random workers of four are killed (and replaced) through a run. Nothing acknowledged may be lost,
/// nothing unexpected may run, no effect may take twice, every duplicate execution must belong to a killed worker, and
/// a killed worker's jobs must start again within the lease TTL + the sweep + 2 s.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class SigkillStormTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task KilledWorkers_LoseNothing_AndEveryDuplicateIsTheirs(StoreKind kind)
    {
        var jobs = ChaosTier.Pick(6_000, 50_000);
        var kills = ChaosTier.Pick(6, 20);
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(5));
        // One job in ten works for 20 ms, so a kill always finds jobs in flight.
        await cluster.EnqueueWorkAsync(jobs, i => i % 10 == 0 ? 20 : 0);
        await cluster.StartWorkersAsync(4);

        var random = new Random(20261123);
        for (var k = 1; k <= kills; k++)
        {
            var threshold = (long)jobs * k / (kills + 1);
            await cluster.Fleet.WaitUntilAsync($"{threshold} jobs completed", async () => await cluster.Store.Admin.CountInStateAsync(JobState.Completed) >= threshold);
            var live = cluster.LiveWorkers();
            await cluster.KillAsync(live[random.Next(live.Count)]);
            cluster.Fleet.Start(cluster.Arguments);
        }

        await cluster.WaitUntilQuietAsync();
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);
        output.WriteLine(ChaosReport.Write("sigkill-storm", kind, figures, $"{kills} kills of 4 workers, {jobs} jobs"));

        var bound = cluster.Arguments.LeaseDuration + cluster.Arguments.RescueInterval + TimeSpan.FromSeconds(2);
        Assert.Equal(jobs, figures.Acknowledged);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Unexpected);
        Assert.Equal(0, figures.DuplicateEffects);
        Assert.Equal(0, figures.SameAttemptTwice);
        Assert.Equal(0, figures.NotCompletedInStore);
        Assert.True(figures.DuplicateExecutions == figures.DuplicatesAttributable, Checker.Unattributed(history));
        Assert.True(figures.Recovered > 0, "No kill caught a job running: the storm tested nothing.");
        Assert.True(figures.RecoveryP99Ms <= bound.TotalMilliseconds, $"Recovery p99 {figures.RecoveryP99Ms} ms is over lease + sweep + 2 s = {bound.TotalMilliseconds} ms.");
    }
}
