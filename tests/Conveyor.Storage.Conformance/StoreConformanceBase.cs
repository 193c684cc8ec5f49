using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Storage.Conformance;

/// <summary>
/// The base of every conformance area. A store's test project subclasses each area in one line, overriding
/// <see cref="CreateStoreAsync"/>. Each test creates its own store, so the suite runs in parallel.
/// </summary>
public abstract class StoreConformanceBase
{
    /// <summary>The owner name tests fetch as.</summary>
    protected const string Owner = "worker-1";

    /// <summary>A lease long enough never to expire by itself in a test.</summary>
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Creates an empty, migrated store in its own namespace, on <paramref name="time"/> where the store uses an injected clock.</summary>
    protected abstract Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time);

    /// <summary>A clock and a store on it.</summary>
    protected async Task<(StoreUnderTest Store, FakeTimeProvider Time)> StartAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return (await CreateStoreAsync(time), time);
    }

    /// <summary>A new job for <paramref name="queue"/>.</summary>
    protected static NewJob Job(string queue = "default", int priority = 0, string? uniqueKey = null, DateTimeOffset? scheduledAt = null, string kind = "test") => new()
    {
        Kind = kind,
        Queue = queue,
        Args = Encoding.UTF8.GetBytes("{\"n\":1}"),
        MaxAttempts = 5,
        Priority = priority,
        UniqueKey = uniqueKey,
        ScheduledAt = scheduledAt,
    };

    /// <summary>Inserts jobs and returns their ids.</summary>
    protected static async Task<long[]> InsertAsync(StoreUnderTest store, params NewJob[] jobs)
    {
        var result = await store.Store.InsertAsync(new InsertJobsRequest { Jobs = jobs }, CancellationToken.None);
        return [.. result.Jobs.Select(j => j.Id)];
    }

    /// <summary>Fetches up to <paramref name="limit"/> jobs of <paramref name="queue"/> as <paramref name="owner"/>.</summary>
    protected static async Task<IReadOnlyList<JobRecord>> FetchAsync(StoreUnderTest store, string queue = "default", int limit = 10, string owner = Owner, TimeSpan? lease = null) =>
        (await store.Store.FetchAsync(new FetchJobsRequest { Queue = queue, Limit = limit, Owner = owner, LeaseDuration = lease ?? Lease }, CancellationToken.None)).Jobs;

    /// <summary>Reads a job that must exist.</summary>
    protected static async Task<JobRecord> GetAsync(StoreUnderTest store, long id) =>
        await store.Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None)
        ?? throw new InvalidOperationException($"Job {id} does not exist.");

    /// <summary>Up to 100 jobs, newest first, of one queue or all.</summary>
    protected static async Task<IReadOnlyList<JobRecord>> AllJobsAsync(StoreUnderTest store, string? queue = null) =>
        (await store.Admin.ListJobsAsync(new ListJobsRequest { Queue = queue, Limit = 100 }, CancellationToken.None)).Jobs;

    /// <summary>Applies completions.</summary>
    protected static async Task<CompleteJobsResult> CompleteAsync(StoreUnderTest store, params JobCompletion[] completions) =>
        await store.Store.CompleteAsync(new CompleteJobsRequest { Completions = completions }, CancellationToken.None);

    /// <summary>A completion of <paramref name="kind"/> for a fetched job, guarded by its attempt and owner.</summary>
    protected static JobCompletion Completion(JobRecord job, CompletionKind kind, DateTimeOffset now, DateTimeOffset? scheduledAt = null, AttemptError? error = null) => new()
    {
        JobId = job.Id,
        Attempt = job.Attempt,
        LeaseOwner = job.LeaseOwner!,
        Kind = kind,
        DecidedAt = now,
        ScheduledAt = scheduledAt,
        Error = error,
    };

    /// <summary>An attempt error for <paramref name="job"/>.</summary>
    protected static AttemptError Error(JobRecord job, DateTimeOffset now, string message = "boom") =>
        new(now, job.Attempt, "System.InvalidOperationException", message, "at Somewhere()", job.LeaseOwner, 12.5);
}
