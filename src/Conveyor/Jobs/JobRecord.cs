namespace Conveyor;

/// <summary>A stored job, as a store returns it.</summary>
public sealed record JobRecord
{
    /// <summary>The store-assigned id.</summary>
    public required long Id { get; init; }

    /// <summary>The stable job type name (<see cref="IJobArgs.Kind"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>The queue the job runs on.</summary>
    public required string Queue { get; init; }

    /// <summary>The arguments as UTF-8 JSON.</summary>
    public required ReadOnlyMemory<byte> Args { get; init; }

    /// <summary>The current state.</summary>
    public required JobState State { get; init; }

    /// <summary>Attempts started so far (the running attempt included).</summary>
    public required int Attempt { get; init; }

    /// <summary>Attempts allowed before the job is discarded.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>Lower runs first within a queue (0 is the default).</summary>
    public required int Priority { get; init; }

    /// <summary>When the job is due.</summary>
    public required DateTimeOffset ScheduledAt { get; init; }

    /// <summary>When the job was inserted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the latest attempt started.</summary>
    public DateTimeOffset? AttemptedAt { get; init; }

    /// <summary>When the job reached a final state.</summary>
    public DateTimeOffset? FinalizedAt { get; init; }

    /// <summary>The worker holding the lease while running.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>When the running attempt's lease runs out unless renewed.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>The unique key, held while the job is unfinished.</summary>
    public string? UniqueKey { get; init; }

    /// <summary>The ordering key: the job starts only after every earlier job of its queue, kind and key has finished.</summary>
    public string? OrderingKey { get; init; }

    /// <summary>One entry per failed attempt, oldest first (bounded).</summary>
    public IReadOnlyList<AttemptError> Errors { get; init; } = [];

    /// <summary>Free-form labels for search.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The latest progress its running attempt reported; cleared when an attempt starts.</summary>
    public JobProgress? Progress { get; init; }

    /// <summary>The result the successful attempt stored (UTF-8 JSON), or null; cleared when an attempt starts.</summary>
    public ReadOnlyMemory<byte>? Result { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the span that enqueued the job, or null.</summary>
    public string? TraceParent { get; init; }

    /// <summary>When a cancel was requested for a running job.</summary>
    public DateTimeOffset? CancelRequestedAt { get; init; }

    /// <summary>
    /// Null when the store read every field of the stored job. Otherwise what it could not read (such fields hold a
    /// default): the record was not written by Conveyor, so the job never runs and a worker discards it as undecodable.
    /// </summary>
    public string? DecodeError { get; init; }
}
