using Conveyor.Chaos.Tests.Harness;

namespace Conveyor.Chaos.Tests.SlowStore;

/// <summary>
/// How big a slow-store run is, by <see cref="ChaosTier"/>: the CI tier by default, the full tier when
/// <c>CONVEYOR_CHAOS_TIER=full</c>. The link (≈200 ms per round trip, 2 s stalls) and the timings are the same in
/// both; only the amount of work and the number of stalls change.
/// </summary>
public sealed record SlowStoreSizes
{
    /// <summary>Jobs in the run.</summary>
    public required int Jobs { get; init; }

    /// <summary>
    /// Of those, jobs that last longer than a lease, so they live on renewals. They hold their slots until the last stall
    /// ends, so there are fewer of them than slots, leaving room for the short jobs.
    /// </summary>
    public required int LongJobs { get; init; }

    /// <summary>Stalls injected while the run goes on.</summary>
    public required int Stalls { get; init; }

    /// <summary>The sizes for this run's tier.</summary>
    public static SlowStoreSizes Current => ChaosTier.Pick(
        new SlowStoreSizes { Jobs = 300, LongJobs = 8, Stalls = 3 },
        new SlowStoreSizes { Jobs = 2_000, LongJobs = 12, Stalls = 10 });
}
