namespace Conveyor.Storage;

/// <summary>A job to insert. The client validates it; the store assigns the id and times.</summary>
public sealed record NewJob
{
    /// <summary>The job type's stable name.</summary>
    public required string Kind { get; init; }

    /// <summary>The queue.</summary>
    public required string Queue { get; init; }

    /// <summary>The arguments as UTF-8 JSON.</summary>
    public required ReadOnlyMemory<byte> Args { get; init; }

    /// <summary>Attempts allowed.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>Lower runs first within the queue.</summary>
    public int Priority { get; init; }

    /// <summary>When the job is due; null means now (the job is inserted Available).</summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>A unique key: while a job with this key is unfinished, inserting another returns the existing one.</summary>
    public string? UniqueKey { get; init; }

    /// <summary>
    /// The ordering key (at most <see cref="StoreLimits.MaxOrderingKeyLength"/> characters), or null. A job with one
    /// starts only when every job of its queue, kind and key inserted before it (a lower id) has finished.
    /// </summary>
    public string? OrderingKey { get; init; }

    /// <summary>Free-form labels.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// The W3C <c>traceparent</c> of the span that enqueued the job (at most <see cref="StoreLimits.MaxTraceParentLength"/>
    /// characters), kept with it so every attempt's span links to it; null when nothing traced the enqueue.
    /// </summary>
    public string? TraceParent { get; init; }
}
