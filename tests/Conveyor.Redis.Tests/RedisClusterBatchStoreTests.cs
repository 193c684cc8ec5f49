using Conveyor.Storage;
using Conveyor.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;
using static Conveyor.Redis.Tests.BatchTestSteps;

namespace Conveyor.Redis.Tests;

/// <summary>
/// Batches on a Redis Cluster: the refusal of new jobs outside the callback's hash slot, and the conformance cases'
/// steps with the new jobs in that slot (the suite's own cases put them on other queues; see RedisClusterBatchTests).
/// </summary>
public sealed class RedisClusterBatchStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CreateBatch_ThrowsAndWritesNothing_WhenANewJobIsOutsideTheCallbacksSlot()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        var error = await Assert.ThrowsAsync<NotSupportedException>(async () =>
            await store.Batches.CreateBatchAsync(new CreateBatchRequest { Jobs = [Job("reports"), Job("default"), Job("other")], Callback = Job("reports"), Condition = BatchCondition.AllFinished }, None));

        Assert.Contains("'reports'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'default', 'other'", error.Message, StringComparison.Ordinal);
        Assert.Empty((await store.Admin.ListJobsAsync(new ListJobsRequest { Limit = 10 }, None)).Jobs);
        Assert.Empty((await store.Batches.ListBatchesAsync(new ListBatchesRequest(), None)).Batches);
    }

    [Fact]
    public async Task CreateBatch_HoldsTheCallback_AndClosingReleasesItOnce_WhenTheJobsAreOnTheCallbacksQueue()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var created = await CreateAsync(store, "reports", Job("reports"), Job("reports"), Job("reports"));
        Assert.True(BatchJobs.IsHeld(await GetJobAsync(store, created.CallbackJobId)));
        Assert.Equal(created.CallbackJobId % 65536, created.BatchId % 65536);

        var fetched = await FetchAsync(store, "reports", 3);
        Assert.DoesNotContain(created.CallbackJobId, fetched.Select(j => j.Id));
        await CompleteAsync(store, time, fetched[0], CompletionKind.Completed);
        Assert.Empty((await CloseAsync(store)).Closed);
        await CompleteAsync(store, time, fetched[1], CompletionKind.Discard);
        await CompleteAsync(store, time, fetched[2], CompletionKind.Completed);
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(new ClosedBatch(created.BatchId, created.CallbackJobId, "reports", Released: true), Assert.Single((await CloseAsync(store)).Closed));
        Assert.Empty((await CloseAsync(store)).Closed);
        Assert.Equal(created.CallbackJobId, Assert.Single(await FetchAsync(store, "reports")).Id);
        var batch = await store.Batches.GetBatchAsync(new GetBatchRequest { CallbackJobId = created.CallbackJobId }, None);
        Assert.Equal((created.BatchId, time.GetUtcNow(), new BatchCounts(2, 1, 0, 0)), (batch!.Id, batch.ClosedAt!.Value, batch.Counts!.Value));
        Assert.Equal([JobState.Completed, JobState.Discarded, JobState.Completed], batch.Jobs.Select(m => m.State!.Value));
    }

    [Fact]
    public async Task CreateBatch_InsertsJobsOfAnotherQueue_WhenThatQueueSharesTheCallbacksSlot()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await using var connection = await RedisTestServer.ConnectAsync(RedisTestServer.ClusterConfiguration);
        var slot = connection.HashSlot("{reports}");
        var neighbour = Enumerable.Range(0, 1_000_000).Select(i => "q" + i).First(q => q != "reports" && connection.HashSlot("{" + q + "}") == slot);

        var created = await CreateAsync(store, "reports", Job(neighbour), Job("reports"));

        Assert.Equal([neighbour, "reports"], await Task.WhenAll(created.JobIds.Select(async id => (await GetJobAsync(store, id)).Queue)));
        Assert.Equal(created.JobIds, (await GetBatchAsync(store, created.BatchId)).Jobs.Select(m => m.JobId));
    }

    [Fact]
    public async Task CloseFinishedBatches_ClosesAContinuation_OverAJobInAnotherSlot()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var parent = (await store.Store.InsertAsync(new InsertJobsRequest { Jobs = [Job("default")] }, None)).Jobs[0].Id;
        var continuation = await store.Batches.CreateBatchAsync(new CreateBatchRequest { ExistingJobIds = [parent], Callback = Job("reports"), Condition = BatchCondition.AllSucceeded }, None);
        Assert.Empty((await CloseAsync(store)).Closed);

        await CompleteAsync(store, time, Assert.Single(await FetchAsync(store, "default")), CompletionKind.Discard);

        Assert.False(Assert.Single((await CloseAsync(store)).Closed).Released);
        Assert.Equal(JobState.Cancelled, (await GetJobAsync(store, continuation.CallbackJobId)).State);
        Assert.Equal(new BatchCounts(0, 1, 0, 0), (await GetBatchAsync(store, continuation.BatchId)).Counts);
    }

    [Fact]
    public async Task CloseFinishedBatches_ReleasesEachCallbackOnce_UnderEightRacingClosers_OverTwoCallbackQueues()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var batches = new List<CreateBatchResult>();
        foreach (var queue in new[] { "reports", "billing" })
        {
            for (var i = 0; i < 5; i++)
            {
                batches.Add(await CreateAsync(store, queue, Job(queue), Job(queue)));
            }

            foreach (var job in await FetchAsync(store, queue, 100))
            {
                await CompleteAsync(store, time, job, CompletionKind.Completed);
            }
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await CloseAsync(store, limit: 3))));
        var more = await CloseAsync(store, limit: 100);

        var closed = results.SelectMany(r => r.Closed).Concat(more.Closed).ToList();
        Assert.Equal(batches.Select(b => b.BatchId).Order(), closed.Select(c => c.BatchId).Order());
        Assert.All(closed, c => Assert.True(c.Released));
        Assert.Equal(5, (await FetchAsync(store, "reports", 100)).Count);
        Assert.Equal(5, (await FetchAsync(store, "billing", 100)).Count);
    }

    [Fact]
    public async Task ListAndDeleteBatches_MergeTheCallbackQueues_NewestFirst()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var older = await CreateAsync(store, "reports", Job("reports"));
        time.Advance(TimeSpan.FromSeconds(1));
        var newer = await CreateAsync(store, "billing", Job("billing", scheduledAt: time.GetUtcNow().AddHours(1)));
        await CompleteAsync(store, time, Assert.Single(await FetchAsync(store, "reports")), CompletionKind.Completed);
        await CloseAsync(store);
        time.Advance(TimeSpan.FromHours(2));

        var all = (await store.Batches.ListBatchesAsync(new ListBatchesRequest(), None)).Batches;
        var open = (await store.Batches.ListBatchesAsync(new ListBatchesRequest { OpenOnly = true }, None)).Batches;
        var deleted = await store.Batches.DeleteClosedBatchesAsync(new DeleteClosedBatchesRequest { ClosedBefore = time.GetUtcNow().AddHours(-1), Limit = 10 }, None);

        Assert.Equal([newer.BatchId, older.BatchId], all.Select(b => b.Id));
        Assert.Equal([newer.BatchId], open.Select(b => b.Id));
        Assert.Equal(1, deleted.Deleted);
        Assert.Null(await store.Batches.GetBatchAsync(new GetBatchRequest { BatchId = older.BatchId }, None));
        Assert.Null(await store.Batches.GetBatchAsync(new GetBatchRequest { CallbackJobId = older.CallbackJobId }, None));
        Assert.NotNull(await store.Batches.GetBatchAsync(new GetBatchRequest { BatchId = newer.BatchId }, None));
    }

    private static Task<(StoreUnderTest Store, FakeTimeProvider Time)> StartAsync() => BatchTestSteps.StartAsync(RedisTestServer.ClusterConfiguration);
}
