using Conveyor.Storage;

namespace Conveyor.Postgres.Tests;

/// <summary>Leadership decided in one statement: candidates racing from separate stores never both win.</summary>
public sealed class PostgresLeadershipTests
{
    [Fact]
    public async Task TryAcquireLeadershipAsync_HasExactlyOneWinner_WhenEightStoresRaceForEachName()
    {
        await using var db = new TestDatabase();
        await db.OpenMigratedAsync();
        var stores = Enumerable.Range(0, 8).Select(_ => db.Open()).ToList();

        for (var round = 0; round < 20; round++)
        {
            var name = $"maintenance-{round}";
            var wins = await Task.WhenAll(stores.Select((store, i) => Task.Run(async () =>
                (await store.TryAcquireLeadershipAsync(new LeadershipRequest { Name = name, Owner = $"node-{i}", Ttl = TimeSpan.FromMinutes(1) }, CancellationToken.None)).IsLeader)));

            Assert.Equal(1, wins.Count(won => won));
        }
    }
}
