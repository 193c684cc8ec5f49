using Conveyor.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite.Tests;

/// <summary>
/// Transactional enqueue (the outbox): a job, or a batch with its jobs, created in the caller's transaction exists if and
/// only if it commits.
/// </summary>
public sealed class SqliteTransactionalEnqueueTests
{
    [Fact]
    public async Task InsertAsync_JobIsInvisibleUntilCommit_WhenGivenTheCallersTransaction()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        var connection = db.Connect();
        using var transaction = connection.BeginTransaction();

        var id = (await store.InsertAsync(new InsertJobsRequest { Jobs = [TempDatabase.Job()], Transaction = transaction }, CancellationToken.None)).Jobs[0].Id;

        Assert.Null(await store.GetAsync(id));
        Assert.Equal(0, await store.CountAsync());

        // A fetch is a write and SQLite has one writer: it waits for the caller's transaction instead of claiming around it.
        var fetch = Task.Run(() => store.FetchAsync());
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.False(fetch.IsCompleted);

        transaction.Commit();

        Assert.Equal(id, Assert.Single(await fetch).Id);
    }

    [Fact]
    public async Task InsertAsync_JobNeverExists_WhenTheCallersTransactionRollsBack()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        var connection = db.Connect();
        long id;
        using (var transaction = connection.BeginTransaction())
        {
            id = (await store.InsertAsync(new InsertJobsRequest { Jobs = [TempDatabase.Job(uniqueKey: "order-7")], Transaction = transaction }, CancellationToken.None)).Jobs[0].Id;
            transaction.Rollback();
        }

        Assert.Null(await store.GetAsync(id));
        Assert.Empty(await store.FetchAsync());
        Assert.Equal(0, await store.CountAsync());

        // The rolled-back job never held its unique key.
        var again = await store.InsertAsync(new InsertJobsRequest { Jobs = [TempDatabase.Job(uniqueKey: "order-7")] }, CancellationToken.None);
        Assert.False(again.Jobs[0].Duplicate);
    }

    [Fact]
    public async Task CreateBatchAsync_BatchAppearsWithItsJobsOnCommit_WhenGivenTheCallersTransaction()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        var connection = db.Connect();
        using var transaction = connection.BeginTransaction();
        var parent = (await store.InsertAsync(new InsertJobsRequest { Jobs = [TempDatabase.Job()], Transaction = transaction }, CancellationToken.None)).Jobs[0].Id;

        var created = await store.CreateBatchAsync(Batch(transaction, existing: [parent]), CancellationToken.None);

        Assert.Empty(created.MissingJobIds);
        Assert.Null(await GetBatchAsync(store, created.BatchId));
        transaction.Commit();

        var batch = await GetBatchAsync(store, created.BatchId);
        Assert.Equal([parent, .. created.JobIds], batch?.Jobs.Select(m => m.JobId));
        Assert.True(BatchJobs.IsHeld((await store.GetAsync(created.CallbackJobId))!));
        Assert.Equal(3, await store.CountAsync(JobState.Available));
    }

    [Fact]
    public async Task CreateBatchAsync_LeavesNoBatchAndNoJobs_WhenTheCallersTransactionRollsBack()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        var connection = db.Connect();
        CreateBatchResult created;
        using (var transaction = connection.BeginTransaction())
        {
            created = await store.CreateBatchAsync(Batch(transaction), CancellationToken.None);
            transaction.Rollback();
        }

        Assert.NotEqual(0, created.BatchId);
        Assert.Null(await GetBatchAsync(store, created.BatchId));
        Assert.Null(await store.GetBatchAsync(new GetBatchRequest { CallbackJobId = created.CallbackJobId }, CancellationToken.None));
        Assert.Empty((await store.ListBatchesAsync(new ListBatchesRequest(), CancellationToken.None)).Batches);
        Assert.Equal(0, await store.CountAsync());
        Assert.Empty((await store.CloseFinishedBatchesAsync(new CloseBatchesRequest { Limit = 10 }, CancellationToken.None)).Closed);
    }

    [Fact]
    public async Task InsertAsync_JoinsTheTransaction_WhenThePathGoesThroughASymbolicLink()
    {
        using var db = new TempDatabase();
        var real = Directory.CreateDirectory(db.Sibling("real"));
        var link = Directory.CreateSymbolicLink(db.Sibling("link"), real.FullName);
        var path = Path.Combine(link.FullName, "jobs.db");
        using var store = new SqliteJobStore(path, new SqliteStoreOptions(), TempDatabase.NewClock());
        await store.MigrateAsync(null, CancellationToken.None);
        var connection = db.Connect(path);
        using var transaction = connection.BeginTransaction();

        var id = (await store.InsertAsync(new InsertJobsRequest { Jobs = [TempDatabase.Job()], Transaction = transaction }, CancellationToken.None)).Jobs[0].Id;
        transaction.Commit();

        Assert.Equal(JobState.Available, (await store.GetAsync(id))?.State);
    }

    [Fact]
    public async Task InsertAsync_Throws_WhenTheTransactionIsOnAnotherDatabaseFile()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        var elsewhere = db.Connect(db.Sibling("other.db"));
        using var transaction = elsewhere.BeginTransaction();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await store.InsertAsync(new InsertJobsRequest { Jobs = [TempDatabase.Job()], Transaction = transaction }, CancellationToken.None));

        Assert.Contains("other.db", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountAsync());
    }

    private static CreateBatchRequest Batch(SqliteTransaction transaction, long[]? existing = null) => new()
    {
        Jobs = [TempDatabase.Job(), TempDatabase.Job(uniqueKey: "report-9")],
        ExistingJobIds = existing ?? [],
        Callback = TempDatabase.Job(kind: "report"),
        Condition = BatchCondition.AllSucceeded,
        Transaction = transaction,
    };

    private static async Task<BatchRecord?> GetBatchAsync(SqliteJobStore store, long id) =>
        await store.GetBatchAsync(new GetBatchRequest { BatchId = id }, CancellationToken.None);
}
