using System.Text;
using Conveyor.Storage;
using Conveyor.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Redis.Tests;

/// <summary>The steps the Redis batch tests take: a store on a test clock, jobs, fetching, completing and closing.</summary>
internal static class BatchTestSteps
{
    /// <summary>A store on the servers of <paramref name="configuration"/>, under a prefix of its own, on a test clock.</summary>
    public static async Task<(StoreUnderTest Store, FakeTimeProvider Time)> StartAsync(string configuration)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return (await RedisHarness.CreateAsync(time, configuration), time);
    }

    public static NewJob Job(string queue, DateTimeOffset? scheduledAt = null) => new()
    {
        Kind = "report",
        Queue = queue,
        Args = Encoding.UTF8.GetBytes("{}"),
        MaxAttempts = 3,
        ScheduledAt = scheduledAt,
    };

    /// <summary>Creates a batch of <paramref name="jobs"/> with a callback on <paramref name="callbackQueue"/>.</summary>
    public static async Task<CreateBatchResult> CreateAsync(StoreUnderTest store, string callbackQueue, params NewJob[] jobs)
    {
        var created = await store.Batches.CreateBatchAsync(new CreateBatchRequest { Jobs = jobs, Callback = Job(callbackQueue), Condition = BatchCondition.AllFinished }, CancellationToken.None);
        Assert.Empty(created.MissingJobIds);
        return created;
    }

    public static async Task<IReadOnlyList<JobRecord>> FetchAsync(StoreUnderTest store, string queue, int limit = 10) =>
        (await store.Store.FetchAsync(new FetchJobsRequest { Queue = queue, Limit = limit, Owner = "worker-1", LeaseDuration = TimeSpan.FromMinutes(5) }, CancellationToken.None)).Jobs;

    /// <summary>Completes a fetched job as <paramref name="kind"/>, which must apply.</summary>
    public static async Task CompleteAsync(StoreUnderTest store, FakeTimeProvider time, JobRecord job, CompletionKind kind = CompletionKind.Completed)
    {
        var completion = new JobCompletion { JobId = job.Id, Attempt = job.Attempt, LeaseOwner = job.LeaseOwner!, Kind = kind, DecidedAt = time.GetUtcNow() };
        Assert.Equal(1, (await store.Store.CompleteAsync(new CompleteJobsRequest { Completions = [completion] }, CancellationToken.None)).Applied);
    }

    public static async Task<CloseBatchesResult> CloseAsync(StoreUnderTest store, int limit = 100) =>
        await store.Batches.CloseFinishedBatchesAsync(new CloseBatchesRequest { Limit = limit }, CancellationToken.None);

    public static async Task<JobRecord> GetJobAsync(StoreUnderTest store, long id) =>
        await store.Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None) ?? throw new InvalidOperationException($"Job {id} does not exist.");

    public static async Task<BatchRecord> GetBatchAsync(StoreUnderTest store, long id) =>
        await store.Batches.GetBatchAsync(new GetBatchRequest { BatchId = id }, CancellationToken.None) ?? throw new InvalidOperationException($"Batch {id} does not exist.");
}
