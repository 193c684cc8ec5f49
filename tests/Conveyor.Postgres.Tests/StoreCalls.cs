using Conveyor.Storage;

namespace Conveyor.Postgres.Tests;

/// <summary>Short forms of the store calls the tests make.</summary>
internal static class StoreCalls
{
    public const string Owner = "worker-1";

    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public static async Task<long[]> InsertAsync(this IJobStore store, params NewJob[] jobs) =>
        [.. (await store.InsertAsync(new InsertJobsRequest { Jobs = jobs }, CancellationToken.None)).Jobs.Select(j => j.Id)];

    public static async Task<IReadOnlyList<JobRecord>> FetchAsync(this IJobStore store, int limit = 10, string owner = Owner, TimeSpan? lease = null) =>
        (await store.FetchAsync(new FetchJobsRequest { Queue = "default", Limit = limit, Owner = owner, LeaseDuration = lease ?? Lease }, CancellationToken.None)).Jobs;

    public static async Task<CompleteJobsResult> CompleteAsync(this IJobStore store, params JobCompletion[] completions) =>
        await store.CompleteAsync(new CompleteJobsRequest { Completions = completions }, CancellationToken.None);

    public static async Task<JobRecord?> GetAsync(this IJobAdminStore admin, long id) =>
        await admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None);

    /// <summary>How many jobs are in <paramref name="state"/>, or in any state when null.</summary>
    public static async Task<long> CountAsync(this IJobAdminStore admin, JobState? state = null) =>
        (await admin.CountJobsAsync(new CountJobsRequest(), CancellationToken.None)).Counts
            .Where(c => state is null || c.State == state)
            .Sum(c => c.Count);

    /// <summary>A completion of <paramref name="kind"/> for a fetched job, guarded by its attempt and owner.</summary>
    public static JobCompletion Completion(JobRecord job, CompletionKind kind, DateTimeOffset now, DateTimeOffset? scheduledAt = null) => new()
    {
        JobId = job.Id,
        Attempt = job.Attempt,
        LeaseOwner = job.LeaseOwner!,
        Kind = kind,
        DecidedAt = now,
        ScheduledAt = scheduledAt,
    };
}
