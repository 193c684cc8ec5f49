using System.Collections.Concurrent;
using Conveyor.Storage;
using Conveyor.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;
using static Conveyor.Redis.Tests.BatchTestSteps;

namespace Conveyor.Redis.Tests;

/// <summary>
/// What the Redis store's batches promise beyond the conformance suite: a released callback wakes its queue, the
/// closer reads on from where the jobs were last seen finished (and a retried job holds the batch open again), the
/// size limit, and the trace parents of the jobs it creates.
/// </summary>
public sealed class RedisBatchStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CloseFinishedBatches_WakesTheCallbacksQueue_WhenItReleasesTheCallback()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await CreateAsync(store, "callbacks", Job("mail"));
        await CompleteAsync(store, time, Assert.Single(await FetchAsync(store, "mail")));
        var woken = new BlockingCollection<string?>();
        await using var subscription = await store.Notifier!.ListenAsync(woken.Add, None);

        Assert.True(Assert.Single((await CloseAsync(store)).Closed).Released);

        Assert.True(woken.TryTake(out var queue, TimeSpan.FromSeconds(5)));
        Assert.Equal("callbacks", queue);
    }

    [Fact]
    public async Task CloseFinishedBatches_RemembersHowManyJobsFinishedInOrder_AndReadsThemAllAgainBeforeClosing()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var created = await CreateAsync(store, "callbacks", Job("mail"), Job("mail"), Job("mail"), Job("mail"));
        var fetched = await FetchAsync(store, "mail", limit: 4);
        await CompleteAsync(store, time, fetched[0]);
        await CompleteAsync(store, time, fetched[1]);
        await CompleteAsync(store, time, fetched[3]);

        Assert.Empty((await CloseAsync(store)).Closed);
        Assert.Equal(2, await SeenAsync(store, created.BatchId));

        // A job seen finished and retried by hand holds the batch open again, and the closer reads on from it.
        await store.Admin.RetryJobsAsync(new JobIdsRequest { JobIds = [fetched[0].Id] }, None);
        await CompleteAsync(store, time, fetched[2]);
        Assert.Empty((await CloseAsync(store)).Closed);
        Assert.Equal(0, await SeenAsync(store, created.BatchId));

        await CompleteAsync(store, time, Assert.Single(await FetchAsync(store, "mail")));
        Assert.Equal(created.BatchId, Assert.Single((await CloseAsync(store)).Closed).BatchId);
        Assert.Equal(new BatchCounts(4, 0, 0, 0), (await store.Batches.GetBatchAsync(new GetBatchRequest { BatchId = created.BatchId }, None))!.Counts);
    }

    [Fact]
    public async Task CreateBatch_ThrowsAndWritesNothing_WhenTheBatchHasMoreThanMaxJobs()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.Batches.CreateBatchAsync(
            new CreateBatchRequest { Jobs = [Job("mail")], ExistingJobIds = [.. Enumerable.Range(1, BatchJobs.MaxJobs).Select(i => (long)i)], Callback = Job("callbacks"), Condition = BatchCondition.AllFinished },
            None));

        Assert.Empty((await store.Admin.ListJobsAsync(new ListJobsRequest { Limit = 10 }, None)).Jobs);
    }

    [Fact]
    public async Task CreateBatch_KeepsTheTraceParentOfEachNewJob_AndOfTheCallback()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var created = await store.Batches.CreateBatchAsync(
            new CreateBatchRequest { Jobs = [Job("mail") with { TraceParent = TraceParent }, Job("mail")], Callback = Job("callbacks") with { TraceParent = TraceParent }, Condition = BatchCondition.AllFinished },
            None);

        Assert.Equal([TraceParent, null], (await Task.WhenAll(created.JobIds.Select(id => GetJobAsync(store, id)))).Select(job => job.TraceParent));
        Assert.Equal(TraceParent, (await GetJobAsync(store, created.CallbackJobId)).TraceParent);
    }

    private static Task<(StoreUnderTest Store, FakeTimeProvider Time)> StartAsync() => BatchTestSteps.StartAsync(RedisTestServer.Configuration);

    /// <summary>The batch hash's count of jobs its closers saw finished, in order (field s).</summary>
    private static async Task<int> SeenAsync(StoreUnderTest store, long batchId)
    {
        await using var connection = await RedisTestServer.ConnectAsync(RedisTestServer.Configuration);
        var prefix = ((RedisJobStore)store.Store).Prefix;
        var seen = await connection.GetDatabase().HashGetAsync($"{{{prefix}}}:batch:{batchId}", "s");
        return seen.IsNull ? 0 : (int)seen;
    }
}
