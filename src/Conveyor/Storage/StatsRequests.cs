namespace Conveyor.Storage;

/// <summary>Add minutes of statistics.</summary>
public sealed record RecordStatsRequest
{
    /// <summary>The minutes to add, at most one per (queue, minute).</summary>
    public required IReadOnlyList<QueueMinute> Minutes { get; init; }
}

/// <summary>Read the stored minutes.</summary>
public sealed record ListStatsRequest
{
    /// <summary>Minutes starting at or after this time.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>Only this queue; null for every queue.</summary>
    public string? Queue { get; init; }
}

/// <summary>The stored minutes, ordered by queue, then minute.</summary>
public sealed record ListStatsResult(IReadOnlyList<QueueMinute> Minutes);

/// <summary>Delete minutes before a cutoff.</summary>
public sealed record DeleteStatsRequest
{
    /// <summary>Minutes starting before this time go.</summary>
    public required DateTimeOffset Before { get; init; }

    /// <summary>At most this many in one call.</summary>
    public required int Limit { get; init; }
}
