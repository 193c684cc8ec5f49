using System.Data.Common;

namespace Conveyor.Storage;

/// <summary>Insert jobs in one round trip, all or none.</summary>
public sealed record InsertJobsRequest
{
    /// <summary>The jobs, in order.</summary>
    public required IReadOnlyList<NewJob> Jobs { get; init; }

    /// <summary>The caller's open transaction to join (transactional enqueue); null for the store's own.</summary>
    public DbTransaction? Transaction { get; init; }
}

/// <summary>The outcome of an insert, one entry per requested job, in order.</summary>
public sealed record InsertJobsResult(IReadOnlyList<InsertedJob> Jobs);

/// <summary>The id a requested job got, and whether it matched an existing unfinished job's unique key instead.</summary>
public readonly record struct InsertedJob(long Id, bool Duplicate);

/// <summary>Claim due Available jobs of one queue: they become Running with attempt + 1 and a lease.</summary>
public sealed record FetchJobsRequest
{
    /// <summary>The queue.</summary>
    public required string Queue { get; init; }

    /// <summary>At most this many jobs (the producer's free slots).</summary>
    public required int Limit { get; init; }

    /// <summary>The worker taking the lease.</summary>
    public required string Owner { get; init; }

    /// <summary>How long the lease lasts unless renewed.</summary>
    public required TimeSpan LeaseDuration { get; init; }
}

/// <summary>The claimed jobs, in priority, then due time, then id order. None of them is ever returned to another fetch while leased.</summary>
public sealed record FetchJobsResult(IReadOnlyList<JobRecord> Jobs);

/// <summary>A held lease: the job and the attempt it was fetched for.</summary>
public readonly record struct LeaseRef(long JobId, int Attempt);

/// <summary>Renew the leases a worker holds (heartbeat).</summary>
public sealed record ExtendLeasesRequest
{
    /// <summary>The worker.</summary>
    public required string Owner { get; init; }

    /// <summary>The leases to renew.</summary>
    public required IReadOnlyList<LeaseRef> Leases { get; init; }

    /// <summary>The new lease length from now.</summary>
    public required TimeSpan LeaseDuration { get; init; }
}

/// <summary>Leases the worker no longer holds (stop those handlers) and jobs with a pending cancel request.</summary>
public sealed record ExtendLeasesResult(IReadOnlyList<long> Lost, IReadOnlyList<long> CancelRequested);

/// <summary>Persist decided completions under the Running + attempt + owner guard.</summary>
public sealed record CompleteJobsRequest
{
    /// <summary>The completions.</summary>
    public required IReadOnlyList<JobCompletion> Completions { get; init; }
}

/// <summary>How many completions applied, and the ids of the stale ones that were ignored.</summary>
public sealed record CompleteJobsResult(int Applied, IReadOnlyList<long> Stale);

/// <summary>Record how far a running attempt is; applies only while the job is Running with this attempt and owner.</summary>
public sealed record ReportProgressRequest
{
    /// <summary>The job.</summary>
    public required long JobId { get; init; }

    /// <summary>The attempt reporting.</summary>
    public required int Attempt { get; init; }

    /// <summary>The worker holding the lease.</summary>
    public required string Owner { get; init; }

    /// <summary>0 to 100.</summary>
    public required int Percent { get; init; }

    /// <summary>An optional message (at most <see cref="JobProgress.MaxMessageLength"/> characters).</summary>
    public string? Message { get; init; }
}

/// <summary>Move due Scheduled and Retryable jobs to Available.</summary>
public sealed record PromoteDueRequest
{
    /// <summary>At most this many jobs in one call.</summary>
    public required int Limit { get; init; }
}

/// <summary>How many jobs were promoted, and their queues (for wake-ups).</summary>
public sealed record PromoteDueResult(int Promoted, IReadOnlyList<string> Queues);

/// <summary>Find Running jobs whose lease has run out.</summary>
public sealed record GetExpiredLeasesRequest
{
    /// <summary>At most this many jobs.</summary>
    public required int Limit { get; init; }
}

/// <summary>The expired jobs, still Running, with the dead owner and attempt (the rescuer's guard).</summary>
public sealed record GetExpiredLeasesResult(IReadOnlyList<JobRecord> Jobs);

/// <summary>Delete finalized jobs of one state that finished before a cutoff (retention).</summary>
public sealed record DeleteFinalizedRequest
{
    /// <summary>A final state.</summary>
    public required JobState State { get; init; }

    /// <summary>Delete jobs finalized before this time.</summary>
    public required DateTimeOffset FinalizedBefore { get; init; }

    /// <summary>At most this many in one call, so pruning never blocks the hot path.</summary>
    public required int Limit { get; init; }

    /// <summary>Only jobs of this queue; null for every queue but <see cref="ExceptQueues"/>.</summary>
    public string? Queue { get; init; }

    /// <summary>When <see cref="Queue"/> is null, jobs of these queues are left alone (they have retentions of their own).</summary>
    public IReadOnlyList<string> ExceptQueues { get; init; } = [];
}

/// <summary>How many jobs were deleted.</summary>
public sealed record DeleteFinalizedResult(int Deleted);

/// <summary>Take or renew a named leadership for a time.</summary>
public sealed record LeadershipRequest
{
    /// <summary>The leadership's name, e.g. <c>maintenance</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The candidate.</summary>
    public required string Owner { get; init; }

    /// <summary>How long the leadership lasts unless renewed.</summary>
    public required TimeSpan Ttl { get; init; }
}

/// <summary>Whether the candidate is now the leader.</summary>
public sealed record LeadershipResult(bool IsLeader);

/// <summary>Give up a named leadership if held by the owner.</summary>
public sealed record ReleaseLeadershipRequest
{
    /// <summary>The leadership's name.</summary>
    public required string Name { get; init; }

    /// <summary>The owner giving it up.</summary>
    public required string Owner { get; init; }
}

/// <summary>Record that a worker node is alive (the node registry).</summary>
public sealed record NodeHeartbeatRequest
{
    /// <summary>The node.</summary>
    public required NodeInfo Node { get; init; }
}

/// <summary>Take one execution from a rate limit of <see cref="Limit"/> per <see cref="Period"/> for <see cref="Key"/>.</summary>
public sealed record RateLimitRequest
{
    /// <summary>The limited key, e.g. <c>call_partner_api:customer-42</c>.</summary>
    public required string Key { get; init; }

    /// <summary>Executions allowed per period (at least 1).</summary>
    public required int Limit { get; init; }

    /// <summary>The period (positive).</summary>
    public required TimeSpan Period { get; init; }
}

/// <summary>Whether the take was allowed, and if not, how long until one would be.</summary>
/// <param name="Allowed">Whether the take was allowed (and counted).</param>
/// <param name="RetryAfter">When refused, how long until the window frees a run.</param>
/// <param name="Queued">
/// How long the take waited in the store for the key's turn before the store read its clock for it (zero where the
/// store cannot tell): the worker subtracts it from the time since it asked, since none of that wait lies between the
/// counted moment and the handler's start.
/// </param>
/// <param name="Token">When allowed, the take's own token, to hand it back with <see cref="IRateLimitStore.ReleaseAsync"/>; default when refused.</param>
public readonly record struct RateLimitResult(bool Allowed, TimeSpan RetryAfter, TimeSpan Queued = default, RateLimitToken Token = default);

/// <summary>
/// Names exactly one allowed take of a key, so it can be handed back: opaque to callers, its meaning the store's own.
/// Every store fills it the same way: the time the store counted the take (Unix microseconds on the store's clock) and
/// a number that tells apart takes of one key counted in the same microsecond (PostgreSQL the row's identity, SQLite
/// and Redis a random 63-bit number drawn per take, the in-memory store a counter). The pair is never handed out twice
/// for one key (for the random numbers: with odds of 2^-63 per pair of takes in one microsecond).
/// </summary>
/// <param name="At">When the store counted the take, in Unix microseconds on its clock.</param>
/// <param name="Id">What tells the take apart from others of its key counted in the same microsecond.</param>
public readonly record struct RateLimitToken(long At, long Id);

/// <summary>Hands one allowed take of <see cref="Key"/> back (see <see cref="IRateLimitStore.ReleaseAsync"/>).</summary>
public sealed record RateLimitRelease
{
    /// <summary>The limited key the take was counted for, as in its <see cref="RateLimitRequest.Key"/>.</summary>
    public required string Key { get; init; }

    /// <summary>The take's token, from its <see cref="RateLimitResult.Token"/>.</summary>
    public required RateLimitToken Token { get; init; }
}
