namespace Conveyor;

/// <summary>
/// One minute of one queue: attempts processed (ended), failed and discarded, a histogram of their durations over
/// <see cref="DurationBuckets.Bounds"/>, and the queue's depth (its Available jobs) as the leader sampled it, if it did.
/// </summary>
public sealed record QueueMinute
{
    /// <summary>The queue.</summary>
    public required string Queue { get; init; }

    /// <summary>The minute's start (UTC, whole minute).</summary>
    public required DateTimeOffset Minute { get; init; }

    /// <summary>Attempts that ended.</summary>
    public long Processed { get; init; }

    /// <summary>Attempts that ended in an error.</summary>
    public long Failed { get; init; }

    /// <summary>Jobs dead-lettered.</summary>
    public long Discarded { get; init; }

    /// <summary>How many attempts took up to each of <see cref="DurationBuckets.Bounds"/>, the last for longer ones (<see cref="DurationBuckets.Count"/> entries).</summary>
    public required IReadOnlyList<long> Durations { get; init; }

    /// <summary>The queue's Available jobs when the leader sampled it in this minute; null if it did not.</summary>
    public long? Depth { get; init; }

    /// <summary>The start of the UTC minute <paramref name="at"/> falls in.</summary>
    public static DateTimeOffset StartOf(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
}
