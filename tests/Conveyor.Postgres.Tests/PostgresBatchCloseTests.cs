using Conveyor.Storage;

namespace Conveyor.Postgres.Tests;

/// <summary>
/// The leader closes batches every second, so the close must stay cheap: nothing read but an empty index when no batch
/// is open, and one primary-key lookup per job of an open batch (never a scan of the jobs table), in the custom plan
/// and in the generic plan a prepared statement may switch to.
/// </summary>
public sealed class PostgresBatchCloseTests
{
    [Fact]
    public async Task CloseFinishedBatches_ReadsJobsOnlyByPrimaryKey_WhenTheLargestBatchWaitsForItsLastJob()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await ClosedBatchesAsync(store, 200);
        await store.InsertAsync([.. Enumerable.Range(0, 20_000).Select(_ => TestDatabase.Job(queue: "other"))]);
        for (var i = 0; i < 100; i++)
        {
            await CreateAsync(store, TestDatabase.Job(queue: "small"));
        }

        var largest = await CreateAsync(store, [.. Enumerable.Range(0, BatchJobs.MaxJobs).Select(_ => TestDatabase.Job())]);
        var jobs = await store.FetchAsync(limit: BatchJobs.MaxJobs);
        await store.CompleteAsync([.. jobs.SkipLast(1).Select(Completed)]);
        await TestDatabase.ScalarAsync($"ANALYZE \"{db.Schema}\".jobs; ANALYZE \"{db.Schema}\".batches; ANALYZE \"{db.Schema}\".batch_jobs");

        foreach (var plan in new[] { await QueryPlans.ExplainAsync(CloseCommand(store)), await QueryPlans.ExplainGenericAsync(CloseCommand(store)) })
        {
            Assert.All(QueryPlans.Scans(plan, "jobs"), scan => Assert.Equal("Index Scan using jobs_pkey", scan));
            Assert.All(QueryPlans.Scans(plan, "batch_jobs"), scan => Assert.EndsWith("batch_jobs_pkey", scan, StringComparison.Ordinal));
            Assert.NotEmpty(QueryPlans.Scans(plan, "jobs"));
        }

        Assert.Empty((await store.CloseFinishedBatchesAsync(new CloseBatchesRequest { Limit = 100 }, CancellationToken.None)).Closed);
        await store.CompleteAsync(Completed(jobs[^1]));
        var closed = Assert.Single((await store.CloseFinishedBatchesAsync(new CloseBatchesRequest { Limit = 100 }, CancellationToken.None)).Closed);
        Assert.Equal((largest.BatchId, true), (closed.BatchId, closed.Released));
        var batch = await store.GetBatchAsync(new GetBatchRequest { BatchId = largest.BatchId }, CancellationToken.None);
        Assert.Equal(new BatchCounts(BatchJobs.MaxJobs, 0, 0, 0), batch?.Counts);
        Assert.Equal(largest.JobIds, batch?.Jobs.Select(m => m.JobId));
    }

    [Fact]
    public async Task CloseFinishedBatches_ReadsNoRow_WhenNoBatchIsOpen()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await ClosedBatchesAsync(store, 200);
        await store.InsertAsync([.. Enumerable.Range(0, 20_000).Select(_ => TestDatabase.Job(queue: "other"))]);
        await TestDatabase.ScalarAsync($"ANALYZE \"{db.Schema}\".jobs; ANALYZE \"{db.Schema}\".batches; ANALYZE \"{db.Schema}\".batch_jobs");

        var plan = await QueryPlans.ExplainAsync(CloseCommand(store), analyze: true);

        Assert.Equal(["Index Scan using batches_open"], QueryPlans.Scans(plan, "batches").Distinct());
        Assert.Equal(0, QueryPlans.RowsRead(plan, "batches"));
        Assert.Equal(0, QueryPlans.RowsRead(plan, "batch_jobs"));
        Assert.Equal(0, QueryPlans.RowsRead(plan, "jobs"));
    }

    /// <summary>Creates and closes <paramref name="count"/> batches of one completed job each.</summary>
    private static async Task ClosedBatchesAsync(PostgresJobStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await CreateAsync(store, TestDatabase.Job(queue: "done"));
        }

        var done = await store.FetchAsync(new FetchJobsRequest { Queue = "done", Limit = count, Owner = StoreCalls.Owner, LeaseDuration = StoreCalls.Lease }, CancellationToken.None);
        await store.CompleteAsync([.. done.Jobs.Select(Completed)]);
        Assert.Equal(count, (await store.CloseFinishedBatchesAsync(new CloseBatchesRequest { Limit = count }, CancellationToken.None)).Closed.Count);
    }

    private static async Task<CreateBatchResult> CreateAsync(PostgresJobStore store, params NewJob[] jobs) =>
        await store.CreateBatchAsync(new CreateBatchRequest { Jobs = jobs, Callback = TestDatabase.Job(queue: "callbacks"), Condition = BatchCondition.AllFinished }, CancellationToken.None);

    private static Npgsql.NpgsqlCommand CloseCommand(PostgresJobStore store) => store.CloseBatchesCommand(new CloseBatchesRequest { Limit = 100 });

    private static JobCompletion Completed(JobRecord job) => StoreCalls.Completion(job, CompletionKind.Completed, DateTimeOffset.UnixEpoch);
}
