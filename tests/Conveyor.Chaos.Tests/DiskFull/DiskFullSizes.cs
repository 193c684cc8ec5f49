using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;

namespace Conveyor.Chaos.Tests.DiskFull;

/// <summary>The sizes of the disk-full runs: the CI tier's, or the full tier's (<c>CONVEYOR_CHAOS_TIER=full</c>).</summary>
public static class DiskFullSizes
{
    /// <summary>
    /// The store's disk, in MiB: room for the run's jobs before the filler takes the rest (and for PostgreSQL, a fresh
    /// cluster's 40 MiB with its first 16 MiB WAL segment).
    /// </summary>
    public static int DiskMegabytes(StoreKind kind) => kind == StoreKind.Postgres ? 256 : 64;

    /// <summary>Acknowledged calls before the disk is filled, and again after it is freed.</summary>
    public static int CallsEachSide => ChaosTier.Pick(150, 1_000);

    /// <summary>Refused calls the producer must have seen before the space comes back.</summary>
    public static int RefusedCalls => ChaosTier.Pick(10, 50);

    /// <summary>
    /// The least time the disk stays full: on the CI tier under a lease (4 s), on the full tier three leases, so leases
    /// run out while nothing can be written.
    /// </summary>
    public static TimeSpan FullFor => ChaosTier.Pick(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(12));

    /// <summary>How soon after the space returns enqueues and work must go on: the producer pauses 50 ms after an error, a worker's fetch backs off to 0.5 s.</summary>
    public static readonly TimeSpan ResumeBound = TimeSpan.FromSeconds(10);
}
