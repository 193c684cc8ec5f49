namespace Conveyor.Health;

/// <summary>
/// The thresholds of Conveyor's health rules (docs/operations.md#health). Each rule can be turned off by setting its
/// threshold to null; per-queue overrides go in <see cref="Queues"/>.
/// </summary>
public sealed class HealthRules
{
    /// <summary>Available jobs in one queue above this are unhealthy. Default 10,000.</summary>
    public long? MaxDepth { get; set; } = 10_000;

    /// <summary>Failed attempts over processed ones, within <see cref="Window"/>, above this are degraded. Default 5 %.</summary>
    public double? MaxErrorRate { get; set; } = 0.05;

    /// <summary>The error rate is judged only on at least this many attempts in the window. Default 20.</summary>
    public int MinAttemptsForErrorRate { get; set; } = 20;

    /// <summary>Jobs dead-lettered within <see cref="Window"/> above this are degraded. Default 10.</summary>
    public long? MaxDiscarded { get; set; } = 10;

    /// <summary>
    /// When set, a queue processing fewer attempts a minute than this fraction of its expected rate
    /// (<see cref="QueueHealthRules.ExpectedPerMinute"/>) over the window, while jobs wait, is degraded. Default 0.5.
    /// </summary>
    public double? MinRateFraction { get; set; } = 0.5;

    /// <summary>A queue with available jobs and no live worker node working it is unhealthy. Default on.</summary>
    public bool RequireLiveWorker { get; set; } = true;

    /// <summary>
    /// A recurring schedule whose last enqueued tick lags its expression by more than this is unhealthy (no leader is
    /// enqueueing it). Default 5 minutes.
    /// </summary>
    public TimeSpan? MaxRecurringLag { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A recurring schedule whose latest tick at or before now minus this has not succeeded (its job ended discarded or
    /// cancelled, or is not done yet) is degraded; judged only once the schedule has recorded a finished run. Default 1
    /// hour: the time a tick's job, retries included, may take.
    /// </summary>
    public TimeSpan? RecurringSuccessGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The window the rates are read over, from the store's per-minute statistics. Default 5 minutes.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Per-queue thresholds, by queue name.</summary>
    public Dictionary<string, QueueHealthRules> Queues { get; } = new(StringComparer.Ordinal);
}

/// <summary>One queue's own thresholds; unset ones come from <see cref="HealthRules"/>.</summary>
public sealed class QueueHealthRules
{
    /// <summary>This queue's depth threshold.</summary>
    public long? MaxDepth { get; set; }

    /// <summary>The attempts a minute this queue normally processes, for the rate-drop rule; unset, the rule skips it.</summary>
    public double? ExpectedPerMinute { get; set; }
}
