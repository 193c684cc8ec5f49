namespace Conveyor.Storage;

/// <summary>Record that an alert fires.</summary>
public sealed record FireAlertRequest
{
    /// <summary>The health rule, e.g. <c>depth</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>The queue or schedule the alert is about.</summary>
    public required string Subject { get; init; }

    /// <summary><c>unhealthy</c> or <c>degraded</c>.</summary>
    public required string Severity { get; init; }

    /// <summary>The finding's sentence.</summary>
    public required string Message { get; init; }

    /// <summary>When the leader saw it: the fired-at time of a new alert, the last-seen time of either.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>The alert firing for the request's rule and subject, and whether this call created it.</summary>
/// <param name="Alert">The stored alert.</param>
/// <param name="Fired">True if this call recorded the firing; false if it was already firing.</param>
public sealed record FireAlertResult(AlertRecord Alert, bool Fired);

/// <summary>Record that the firing alert of a rule and subject resolved.</summary>
public sealed record ResolveAlertRequest
{
    /// <summary>The health rule.</summary>
    public required string Rule { get; init; }

    /// <summary>The queue or schedule.</summary>
    public required string Subject { get; init; }

    /// <summary>When the leader saw it clear.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>List the firing alerts.</summary>
public sealed record ListFiringAlertsRequest;

/// <summary>List alerts newest first with keyset paging.</summary>
public sealed record ListAlertHistoryRequest
{
    /// <summary>Only alerts with an id below this (the previous page's last id), if set.</summary>
    public long? BeforeId { get; init; }

    /// <summary>Page size.</summary>
    public int Limit { get; init; } = 50;
}

/// <summary>Alerts, ids descending.</summary>
public sealed record ListAlertsResult(IReadOnlyList<AlertRecord> Alerts);

/// <summary>Delete resolved alerts past retention.</summary>
public sealed record DeleteResolvedAlertsRequest
{
    /// <summary>Alerts resolved before this time go.</summary>
    public required DateTimeOffset ResolvedBefore { get; init; }

    /// <summary>At most this many in one call.</summary>
    public required int Limit { get; init; }
}

/// <summary>A stored alert: what fired, when, and when it resolved.</summary>
public sealed record AlertRecord
{
    /// <summary>The store's id, increasing in the order alerts fired.</summary>
    public required long Id { get; init; }

    /// <summary>The health rule, e.g. <c>depth</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>The queue or schedule.</summary>
    public required string Subject { get; init; }

    /// <summary><c>unhealthy</c> or <c>degraded</c>.</summary>
    public required string Severity { get; init; }

    /// <summary>The finding's sentence when it fired.</summary>
    public required string Message { get; init; }

    /// <summary>When it fired.</summary>
    public required DateTimeOffset FiredAt { get; init; }

    /// <summary>When it resolved; null while it fires.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>When a leader last saw its finding.</summary>
    public required DateTimeOffset LastSeenAt { get; init; }
}
