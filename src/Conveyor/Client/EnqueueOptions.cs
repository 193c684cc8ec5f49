using System.Data.Common;

namespace Conveyor;

/// <summary>How to enqueue a job; anything unset comes from the job type's registration.</summary>
public sealed record EnqueueOptions
{
    /// <summary>The queue; default the job type's queue.</summary>
    public string? Queue { get; init; }

    /// <summary>Lower runs first within the queue; default the job type's priority.</summary>
    public int? Priority { get; init; }

    /// <summary>Attempts allowed; default the job type's retry policy.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>While an unfinished job has this key, enqueueing another returns that job's id and inserts nothing.</summary>
    public string? UniqueKey { get; init; }

    /// <summary>When the job is due; null for now.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>The caller's open transaction on the store's database: the job exists if and only if it commits.</summary>
    public DbTransaction? Transaction { get; init; }

    /// <summary>Free-form labels.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}
