using Conveyor.Storage;

namespace Conveyor.Postgres.Tests;

/// <summary>Unique keys across transactions: an insert that waits on another transaction's key learns the outcome.</summary>
public sealed class PostgresUniqueKeyTests
{
    [Fact]
    public async Task InsertAsync_ReturnsTheHolder_WhenAConcurrentTransactionCommitsTheSameKeyFirst()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var connection = await db.ConnectAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var holder = (await store.InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job(uniqueKey: "sync")], Transaction = transaction }, CancellationToken.None)).Jobs[0].Id;

        // This insert waits on the uncommitted key; once the holder commits, it must name it.
        var waiting = Task.Run(async () => await store.InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job(uniqueKey: "sync"), TestDatabase.Job()] }, CancellationToken.None));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(waiting.IsCompleted);
        await transaction.CommitAsync();

        var result = await waiting;
        Assert.Equal(new InsertedJob(holder, Duplicate: true), result.Jobs[0]);
        Assert.False(result.Jobs[1].Duplicate);
        Assert.Equal(2, await store.CountAsync());
    }

    [Fact]
    public async Task InsertAsync_InsertsTheJob_WhenTheConcurrentHolderRollsBack()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var connection = await db.ConnectAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await store.InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job(uniqueKey: "sync")], Transaction = transaction }, CancellationToken.None);

        var waiting = Task.Run(async () => await store.InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job(uniqueKey: "sync")] }, CancellationToken.None));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await transaction.RollbackAsync();

        var inserted = (await waiting).Jobs[0];
        Assert.False(inserted.Duplicate);
        Assert.Equal("sync", (await store.GetAsync(inserted.Id))!.UniqueKey);
    }
}
