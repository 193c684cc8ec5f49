using System.Data;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Conveyor.Storage;
using Npgsql;

namespace Conveyor.Postgres.Tests;

/// <summary>Transactional enqueue (the outbox): a job inserted in the caller's transaction exists if and only if it commits.</summary>
public sealed class PostgresTransactionalEnqueueTests
{
    [Fact]
    public async Task InsertAsync_JobIsInvisibleUntilCommit_WhenGivenTheCallersTransaction()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var connection = await db.ConnectAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        var id = (await store.InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job()], Transaction = transaction }, CancellationToken.None)).Jobs[0].Id;

        // Fetches skip the uncommitted row instead of waiting for it.
        Assert.Empty(await store.FetchAsync());
        Assert.Null(await store.GetAsync(id));
        await transaction.CommitAsync();
        Assert.Equal(id, Assert.Single(await store.FetchAsync()).Id);
    }

    [Fact]
    public async Task InsertAsync_JobNeverExistsAndItsKeyIsFree_WhenTheCallersTransactionRollsBack()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var connection = await db.ConnectAsync();
        long id;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            id = (await store.InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job(uniqueKey: "order-7")], Transaction = transaction }, CancellationToken.None)).Jobs[0].Id;
            await transaction.RollbackAsync();
        }

        Assert.Null(await store.GetAsync(id));
        Assert.Equal(0, await store.CountAsync());
        var again = await store.InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job(uniqueKey: "order-7")] }, CancellationToken.None);
        Assert.False(again.Jobs[0].Duplicate);
    }

    [Fact]
    public async Task CreateBatchAsync_BatchAndItsJobsAppearOnCommit_WhenGivenTheCallersTransaction()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var connection = await db.ConnectAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        var created = await store.CreateBatchAsync(BatchIn(transaction), CancellationToken.None);

        Assert.Null(await GetBatchAsync(store, created.BatchId));
        Assert.Equal(0, await store.CountAsync());
        await transaction.CommitAsync();
        var batch = await GetBatchAsync(store, created.BatchId);
        Assert.Equal(created.CallbackJobId, batch?.CallbackJobId);
        Assert.Equal(created.JobIds, batch?.Jobs.Select(m => m.JobId));
        Assert.Equal(3, await store.CountAsync());
    }

    [Fact]
    public async Task CreateBatchAsync_LeavesNoBatchAndNoJobs_WhenTheCallersTransactionRollsBack()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var connection = await db.ConnectAsync();
        CreateBatchResult created;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            created = await store.CreateBatchAsync(BatchIn(transaction), CancellationToken.None);
            await transaction.RollbackAsync();
        }

        Assert.Null(await GetBatchAsync(store, created.BatchId));
        Assert.Null(await store.GetBatchAsync(new GetBatchRequest { CallbackJobId = created.CallbackJobId }, CancellationToken.None));
        Assert.Empty((await store.ListBatchesAsync(new ListBatchesRequest(), CancellationToken.None)).Batches);
        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task InsertAsync_Throws_WhenTheTransactionIsNotNpgsqls()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await store.InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job()], Transaction = new ForeignTransaction() }, CancellationToken.None));

        Assert.Contains("only an open NpgsqlTransaction", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ForeignTransaction), error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task InsertAsync_Throws_WhenTheCallersTransactionHasFinished()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var committed = await (await db.ConnectAsync()).BeginTransactionAsync();
        await committed.CommitAsync();
        var disposed = await (await db.ConnectAsync()).BeginTransactionAsync();
        await disposed.DisposeAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await store.InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job()], Transaction = committed }, CancellationToken.None));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
            await store.InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job()], Transaction = disposed }, CancellationToken.None));
        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task InsertAsync_LeavesExactlyOneJobPerCommittedOrder_WhenAThirdOfTransactionsRollBack()
    {
        const int Orders = 1000;
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await TestDatabase.ScalarAsync($"CREATE TABLE \"{db.Schema}\".orders (id integer PRIMARY KEY)");
        var random = new Random(20260101);
        var rolledBack = Enumerable.Range(0, Orders).Where(_ => random.NextDouble() < 0.3).ToHashSet();

        // Eight writers at once, each order in its own transaction: the business row and its job together.
        await Parallel.ForEachAsync(Enumerable.Range(0, Orders), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (order, ct) =>
        {
            await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
            await connection.OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var insert = new NpgsqlCommand($"INSERT INTO \"{db.Schema}\".orders (id) VALUES ({order})", connection, transaction))
            {
                await insert.ExecuteNonQueryAsync(ct);
            }

            var job = TestDatabase.Job() with { Args = Encoding.UTF8.GetBytes($"{{\"order\":{order}}}") };
            await store.InsertAsync(new InsertJobsRequest { Jobs = [job], Transaction = transaction }, ct);
            if (rolledBack.Contains(order))
            {
                await transaction.RollbackAsync(ct);
            }
            else
            {
                await transaction.CommitAsync(ct);
            }
        });

        var jobs = (await store.ListJobsAsync(new ListJobsRequest { Limit = 2 * Orders }, CancellationToken.None)).Jobs;
        var jobOrders = jobs.Select(j => JsonDocument.Parse(j.Args).RootElement.GetProperty("order").GetInt32()).ToList();
        var committed = Enumerable.Range(0, Orders).Where(o => !rolledBack.Contains(o)).ToList();
        Assert.InRange(rolledBack.Count, 250, 350);
        Assert.Equal(committed, jobOrders.Order());
        Assert.Equal((long)committed.Count, await TestDatabase.ScalarAsync($"SELECT count(*) FROM \"{db.Schema}\".orders"));
    }

    /// <summary>A batch of two new jobs and a callback, created in <paramref name="transaction"/>.</summary>
    private static CreateBatchRequest BatchIn(DbTransaction transaction) => new()
    {
        Jobs = [TestDatabase.Job(), TestDatabase.Job()],
        Callback = TestDatabase.Job(queue: "callbacks"),
        Condition = BatchCondition.AllFinished,
        Transaction = transaction,
    };

    private static async Task<BatchRecord?> GetBatchAsync(PostgresJobStore store, long id) =>
        await store.GetBatchAsync(new GetBatchRequest { BatchId = id }, CancellationToken.None);

    /// <summary>A transaction of some other database provider.</summary>
    private sealed class ForeignTransaction : DbTransaction
    {
        public override IsolationLevel IsolationLevel => IsolationLevel.ReadCommitted;

        protected override DbConnection? DbConnection => null;

        public override void Commit()
        {
        }

        public override void Rollback()
        {
        }
    }
}
