using Conveyor.Chaos.Tests.Harness;

namespace Conveyor.Chaos.Tests.ClockSkew;

/// <summary>
/// How big a clock-skew run is, by <see cref="ChaosTier"/>: the CI tier by default, the full tier when
/// <c>CONVEYOR_CHAOS_TIER=full</c>. The skews (±5 minutes) and the lease are the same in both.
/// </summary>
public sealed record ClockSkewSizes
{
    /// <summary>Jobs each worker runs at once.</summary>
    public required int Slots { get; init; }

    /// <summary>Seconds after the enqueue at which a batch of scheduled jobs falls due.</summary>
    public required IReadOnlyList<int> DueSeconds { get; init; }

    /// <summary>
    /// Scheduled jobs per due time: more than two workers' slots, so the third takes some too, and no more than the
    /// slots the long jobs leave free, so a job handed out early would start early instead of waiting for a slot.
    /// </summary>
    public required int JobsPerDueTime { get; init; }

    /// <summary>Jobs due at once, all finished before the first due time.</summary>
    public required int ImmediateJobs { get; init; }

    /// <summary>Jobs running several leases (their leases are renewed several times on skewed workers).</summary>
    public required int LongJobs { get; init; }

    /// <summary>How many leases a long job runs.</summary>
    public required int LeasesPerLongJob { get; init; }

    /// <summary>Every job in the run.</summary>
    public int Jobs => DueSeconds.Count * JobsPerDueTime + ImmediateJobs + LongJobs;

    /// <summary>
    /// Whether a scheduled job handed out early would show: each batch is more than two workers' slots and fits in the
    /// slots of three that the long jobs leave free.
    /// </summary>
    public bool EarlyStartsWouldShow => JobsPerDueTime > 2 * Slots && JobsPerDueTime <= 3 * Slots - LongJobs;

    /// <summary>The sizes for this run's tier.</summary>
    public static ClockSkewSizes Current => ChaosTier.Pick(
        new ClockSkewSizes { Slots = 8, DueSeconds = [2, 4, 6, 8, 10], JobsPerDueTime = 18, ImmediateJobs = 40, LongJobs = 6, LeasesPerLongJob = 3 },
        new ClockSkewSizes { Slots = 16, DueSeconds = [.. Enumerable.Range(4, 37)], JobsPerDueTime = 36, ImmediateJobs = 400, LongJobs = 12, LeasesPerLongJob = 6 });
}
