using System.Text;

namespace Conveyor.Storage.Conformance;

/// <summary>
/// Batches and continuations: atomic creation with a held callback, closing once every job has finished (never
/// before, never twice), the condition deciding between release and cancel, and the reads the callback and tools use.
/// </summary>
public abstract class BatchConformance : StoreConformanceBase
{
    [Fact]
    public async Task CreateBatch_InsertsTheJobsAndHoldsTheCallback()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;

        var created = await CreateAsync(store, [Job(JobQueue), Job(OtherQueue)], callback: Job(CallbackQueue, scheduledAt: time.GetUtcNow().AddMinutes(1)));

        Assert.Empty(created.MissingJobIds);
        Assert.Equal(2, created.JobIds.Count);
        Assert.All(created.JobIds, id => Assert.NotEqual(created.CallbackJobId, id));
        var callback = await GetAsync(store, created.CallbackJobId);
        Assert.Equal((JobState.Scheduled, BatchJobs.HeldUntil, CallbackQueue), (callback.State, callback.ScheduledAt, callback.Queue));
        Assert.True(BatchJobs.IsHeld(callback));
        var batch = await GetBatchAsync(store, created.BatchId);
        Assert.Equal((created.CallbackJobId, BatchCondition.AllFinished, 2, time.GetUtcNow(), (DateTimeOffset?)null, (BatchCounts?)null), (batch.CallbackJobId, batch.Condition, batch.Total, batch.CreatedAt, batch.ClosedAt, batch.Counts));
        Assert.Equal(created.JobIds, batch.Jobs.Select(m => m.JobId));
        Assert.All(batch.Jobs, m => Assert.Equal(JobState.Available, m.State));
    }

    [Fact]
    public async Task CreateBatch_OverExistingJobs_AndNothing_WhenOneIsMissing()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var parent = (await InsertAsync(store, Job(JobQueue)))[0];

        var missing = await store.Batches.CreateBatchAsync(new CreateBatchRequest { ExistingJobIds = [parent, parent + 1000], Callback = Job(CallbackQueue), Condition = BatchCondition.AllSucceeded }, CancellationToken.None);
        var continuation = await store.Batches.CreateBatchAsync(new CreateBatchRequest { ExistingJobIds = [parent], Callback = Job(CallbackQueue), Condition = BatchCondition.AllSucceeded }, CancellationToken.None);

        Assert.Equal([parent + 1000], missing.MissingJobIds);
        Assert.Single(await AllJobsAsync(store, CallbackQueue));
        var batch = await GetBatchAsync(store, continuation.BatchId);
        Assert.Equal([parent], batch.Jobs.Select(m => m.JobId));
        Assert.Equal((1, BatchCondition.AllSucceeded), (batch.Total, batch.Condition));
    }

    [Fact]
    public async Task CreateBatch_UsesTheExistingJob_ForADuplicateUniqueKey()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var held = (await InsertAsync(store, Job(JobQueue, uniqueKey: "sync:42")))[0];

        var created = await CreateAsync(store, [Job(JobQueue, uniqueKey: "sync:42"), Job(JobQueue)]);

        Assert.Equal(held, created.JobIds[0]);
        Assert.Equal(2, (await AllJobsAsync(store, JobQueue)).Count);
        Assert.Equal(created.JobIds, (await GetBatchAsync(store, created.BatchId)).Jobs.Select(m => m.JobId));
    }

    [Fact]
    public async Task CloseFinishedBatches_LeavesABatchOpen_WhileAnyJobIsUnfinished()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var created = await CreateAsync(store, [Job(JobQueue), Job(JobQueue), Job(JobQueue, scheduledAt: time.GetUtcNow().AddHours(1))]);
        var fetched = await FetchAsync(store, JobQueue);
        await CompleteAsync(store, Completion(fetched[0], CompletionKind.Completed, time.GetUtcNow()));
        await CompleteAsync(store, Completion(fetched[1], CompletionKind.Retry, time.GetUtcNow(), time.GetUtcNow().AddMinutes(1)));

        Assert.Empty((await CloseAsync(store)).Closed);
        Assert.Null((await GetBatchAsync(store, created.BatchId)).ClosedAt);
        Assert.True(BatchJobs.IsHeld(await GetAsync(store, created.CallbackJobId)));
    }

    [Fact]
    public async Task CloseFinishedBatches_ReleasesTheCallback_OnceEveryJobHasFinished_AndOnlyOnce()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var created = await CreateAsync(store, [Job(JobQueue), Job(JobQueue), Job(OtherQueue)]);
        var fetched = await FetchAsync(store, JobQueue);
        var unfetched = created.JobIds[2];
        await CompleteAsync(store,
            Completion(fetched[0], CompletionKind.Completed, time.GetUtcNow()) with { Result = Encoding.UTF8.GetBytes("{\"sent\":3}") },
            Completion(fetched[1], CompletionKind.Discard, time.GetUtcNow(), error: Error(fetched[1], time.GetUtcNow())));
        await store.Admin.CancelJobsAsync(new JobIdsRequest { JobIds = [unfetched] }, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(3));

        var first = await CloseAsync(store);
        var second = await CloseAsync(store);

        Assert.Equal(new ClosedBatch(created.BatchId, created.CallbackJobId, CallbackQueue, Released: true), Assert.Single(first.Closed));
        Assert.Empty(second.Closed);
        var callback = await GetAsync(store, created.CallbackJobId);
        Assert.Equal((JobState.Available, time.GetUtcNow()), (callback.State, callback.ScheduledAt));
        Assert.Equal(callback.Id, Assert.Single(await FetchAsync(store, CallbackQueue)).Id);
        var batch = await GetBatchAsync(store, created.BatchId);
        Assert.Equal((time.GetUtcNow(), new BatchCounts(1, 1, 1, 0)), (batch.ClosedAt, batch.Counts));
        Assert.Equal([JobState.Completed, JobState.Discarded, JobState.Cancelled], batch.Jobs.Select(m => m.State!.Value));
        Assert.Equal("{\"sent\":3}", Encoding.UTF8.GetString(batch.Jobs[0].Result!.Value.Span));
        Assert.Null(batch.Jobs[1].Result);
    }

    [Fact]
    public async Task CloseFinishedBatches_CancelsTheCallback_WhenAllSucceededDoesNotHold()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var failed = await CreateAsync(store, [Job(JobQueue)], condition: BatchCondition.AllSucceeded);
        var job = Assert.Single(await FetchAsync(store, JobQueue));
        await CompleteAsync(store, Completion(job, CompletionKind.Discard, time.GetUtcNow(), error: Error(job, time.GetUtcNow())));

        var closed = Assert.Single((await CloseAsync(store)).Closed);

        Assert.False(closed.Released);
        var callback = await GetAsync(store, failed.CallbackJobId);
        Assert.Equal((JobState.Cancelled, (DateTimeOffset?)time.GetUtcNow()), (callback.State, callback.FinalizedAt));
        Assert.Empty(await FetchAsync(store, CallbackQueue));
        Assert.Equal(new BatchCounts(0, 1, 0, 0), (await GetBatchAsync(store, failed.BatchId)).Counts);
    }

    [Fact]
    public async Task CloseFinishedBatches_ReleasesAnAllSucceededCallback_WhenEveryJobCompleted()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var created = await CreateAsync(store, [Job(JobQueue), Job(JobQueue)], condition: BatchCondition.AllSucceeded);
        foreach (var job in await FetchAsync(store, JobQueue))
        {
            await CompleteAsync(store, Completion(job, CompletionKind.Completed, time.GetUtcNow()));
        }

        Assert.True(Assert.Single((await CloseAsync(store)).Closed).Released);
        Assert.Equal(JobState.Available, (await GetAsync(store, created.CallbackJobId)).State);
    }

    [Fact]
    public async Task CloseFinishedBatches_CountsADeletedJob_AsDeleted()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var created = await CreateAsync(store, [Job(JobQueue), Job(JobQueue)]);
        await store.Admin.DeleteJobsAsync(new JobIdsRequest { JobIds = [created.JobIds[0]] }, CancellationToken.None);
        var job = Assert.Single(await FetchAsync(store, JobQueue));
        await CompleteAsync(store, Completion(job, CompletionKind.Completed, time.GetUtcNow()));

        Assert.True(Assert.Single((await CloseAsync(store)).Closed).Released);

        var batch = await GetBatchAsync(store, created.BatchId);
        Assert.Equal(new BatchCounts(1, 0, 0, 1), batch.Counts);
        Assert.Equal([null, JobState.Completed], batch.Jobs.Select(m => m.State));
    }

    [Fact]
    public async Task CloseFinishedBatches_LeavesACallbackCancelledByHand_AndStillClosesTheBatch()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var created = await CreateAsync(store, [Job(JobQueue)]);
        await store.Admin.CancelJobsAsync(new JobIdsRequest { JobIds = [created.CallbackJobId] }, CancellationToken.None);
        await store.Admin.CancelJobsAsync(new JobIdsRequest { JobIds = [created.JobIds[0]] }, CancellationToken.None);

        var closed = Assert.Single((await CloseAsync(store)).Closed);

        Assert.False(closed.Released);
        Assert.Equal(JobState.Cancelled, (await GetAsync(store, created.CallbackJobId)).State);
        Assert.NotNull((await GetBatchAsync(store, created.BatchId)).ClosedAt);
    }

    [Fact]
    public async Task CloseFinishedBatches_ClosesABatchOverAnotherBatchsCallback_OnlyAfterThatCallbackFinished()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var first = await CreateAsync(store, [Job(JobQueue)]);
        var chained = await store.Batches.CreateBatchAsync(new CreateBatchRequest { ExistingJobIds = [first.CallbackJobId], Callback = Job(CallbackQueue), Condition = BatchCondition.AllSucceeded }, CancellationToken.None);
        var job = Assert.Single(await FetchAsync(store, JobQueue));
        await CompleteAsync(store, Completion(job, CompletionKind.Completed, time.GetUtcNow()));

        Assert.Equal(first.BatchId, Assert.Single((await CloseAsync(store)).Closed).BatchId);
        var callback = Assert.Single(await FetchAsync(store, CallbackQueue));
        Assert.Equal(first.CallbackJobId, callback.Id);
        await CompleteAsync(store, Completion(callback, CompletionKind.Completed, time.GetUtcNow()));

        Assert.Equal(chained.BatchId, Assert.Single((await CloseAsync(store)).Closed).BatchId);
        Assert.Equal(chained.CallbackJobId, Assert.Single(await FetchAsync(store, CallbackQueue)).Id);
    }

    [Fact]
    public async Task CloseFinishedBatches_ReleasesEachCallbackOnce_UnderEightRacingClosers()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var batches = new List<CreateBatchResult>();
        for (var i = 0; i < 10; i++)
        {
            batches.Add(await CreateAsync(store, [Job(JobQueue), Job(JobQueue)]));
        }

        foreach (var job in await FetchAsync(store, JobQueue, limit: 100))
        {
            await CompleteAsync(store, Completion(job, CompletionKind.Completed, time.GetUtcNow()));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await CloseAsync(store, limit: 3))));
        var more = await CloseAsync(store, limit: 100);

        var closed = results.SelectMany(r => r.Closed).Concat(more.Closed).ToList();
        Assert.Equal(batches.Select(b => b.BatchId).Order(), closed.Select(c => c.BatchId).Order());
        Assert.All(closed, c => Assert.True(c.Released));
        Assert.Equal(10, (await FetchAsync(store, CallbackQueue, limit: 100)).Count);
    }

    [Fact]
    public async Task GetBatch_FindsABatchByItsCallback_AndNullForNone()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var created = await CreateAsync(store, [Job(JobQueue)]);

        var byCallback = await store.Batches.GetBatchAsync(new GetBatchRequest { CallbackJobId = created.CallbackJobId }, CancellationToken.None);

        Assert.Equal(created.BatchId, byCallback?.Id);
        Assert.Null(await store.Batches.GetBatchAsync(new GetBatchRequest { BatchId = created.BatchId + 1000 }, CancellationToken.None));
        Assert.Null(await store.Batches.GetBatchAsync(new GetBatchRequest { CallbackJobId = created.JobIds[0] }, CancellationToken.None));
    }

    [Fact]
    public async Task ListBatches_NewestFirst_OpenOnlyOnRequest()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var older = await CreateAsync(store, [Job(JobQueue)]);
        var newer = await CreateAsync(store, [Job(JobQueue, scheduledAt: time.GetUtcNow().AddHours(1))]);
        var job = Assert.Single(await FetchAsync(store, JobQueue));
        await CompleteAsync(store, Completion(job, CompletionKind.Completed, time.GetUtcNow()));
        await CloseAsync(store);

        var all = (await store.Batches.ListBatchesAsync(new ListBatchesRequest(), CancellationToken.None)).Batches;
        var open = (await store.Batches.ListBatchesAsync(new ListBatchesRequest { OpenOnly = true }, CancellationToken.None)).Batches;
        var one = (await store.Batches.ListBatchesAsync(new ListBatchesRequest { Limit = 1 }, CancellationToken.None)).Batches;

        Assert.Equal([newer.BatchId, older.BatchId], all.Select(b => b.Id));
        Assert.Equal([true, false], all.Select(b => b.ClosedAt is null));
        Assert.All(all, b => Assert.Equal(1, b.Total));
        Assert.Equal([newer.BatchId], open.Select(b => b.Id));
        Assert.Equal([newer.BatchId], one.Select(b => b.Id));
    }

    [Fact]
    public async Task DeleteClosedBatches_DeletesOnlyBatchesClosedBeforeTheCutoff_AndNoJobs()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var closed = await CreateAsync(store, [Job(JobQueue)]);
        var open = await CreateAsync(store, [Job(JobQueue, scheduledAt: time.GetUtcNow().AddHours(1))]);
        var job = Assert.Single(await FetchAsync(store, JobQueue));
        await CompleteAsync(store, Completion(job, CompletionKind.Completed, time.GetUtcNow()));
        await CloseAsync(store);
        time.Advance(TimeSpan.FromHours(2));

        var early = await store.Batches.DeleteClosedBatchesAsync(new DeleteClosedBatchesRequest { ClosedBefore = time.GetUtcNow().AddHours(-3), Limit = 10 }, CancellationToken.None);
        var due = await store.Batches.DeleteClosedBatchesAsync(new DeleteClosedBatchesRequest { ClosedBefore = time.GetUtcNow().AddHours(-1), Limit = 10 }, CancellationToken.None);

        Assert.Equal((0, 1), (early.Deleted, due.Deleted));
        Assert.Null(await store.Batches.GetBatchAsync(new GetBatchRequest { BatchId = closed.BatchId }, CancellationToken.None));
        Assert.NotNull(await store.Batches.GetBatchAsync(new GetBatchRequest { BatchId = open.BatchId }, CancellationToken.None));
        Assert.Equal(JobState.Available, (await GetAsync(store, closed.CallbackJobId)).State);
    }

    /// <summary>The queue of the batches' new jobs; a store that needs them in its callbacks' partition names one there.</summary>
    protected virtual string JobQueue => "default";

    /// <summary>A second queue for new jobs.</summary>
    protected virtual string OtherQueue => "other";

    /// <summary>The callbacks' queue.</summary>
    protected virtual string CallbackQueue => "callbacks";

    private NewJob Callback() => Job(CallbackQueue, kind: "report");

    private async Task<CreateBatchResult> CreateAsync(StoreUnderTest store, NewJob[] jobs, BatchCondition condition = BatchCondition.AllFinished, NewJob? callback = null)
    {
        var created = await store.Batches.CreateBatchAsync(new CreateBatchRequest { Jobs = jobs, Callback = callback ?? Callback(), Condition = condition }, CancellationToken.None);
        Assert.Empty(created.MissingJobIds);
        return created;
    }

    private static async Task<CloseBatchesResult> CloseAsync(StoreUnderTest store, int limit = 100) =>
        await store.Batches.CloseFinishedBatchesAsync(new CloseBatchesRequest { Limit = limit }, CancellationToken.None);

    private static async Task<BatchRecord> GetBatchAsync(StoreUnderTest store, long id) =>
        await store.Batches.GetBatchAsync(new GetBatchRequest { BatchId = id }, CancellationToken.None)
        ?? throw new InvalidOperationException($"Batch {id} does not exist.");
}
