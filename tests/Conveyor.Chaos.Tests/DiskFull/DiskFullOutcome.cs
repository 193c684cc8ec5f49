using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Restarts;
using Conveyor.Chaos.Tests.SqliteProcesses;

namespace Conveyor.Chaos.Tests.DiskFull;

/// <summary>What a disk-full run left: the checker's figures, what each call left in the store, the errors surfaced, and how soon things went on.</summary>
public sealed record DiskFullOutcome
{
    /// <summary>The run's history.</summary>
    public required ChaosHistory History { get; init; }

    /// <summary>The checker's figures.</summary>
    public required ChaosFigures Figures { get; init; }

    /// <summary>What the producer's calls left in the store.</summary>
    public required CallOutcomes Calls { get; init; }

    /// <summary>The errors the producer's callers saw and the workers logged.</summary>
    public required SurfacedErrors Errors { get; init; }

    /// <summary>How long the disk was full.</summary>
    public required TimeSpan Full { get; init; }

    /// <summary>From the space's return to the first acknowledged enqueue after the last refused one (0 if that came sooner).</summary>
    public required TimeSpan ProducerResumed { get; init; }

    /// <summary>
    /// The full disk seen as an outage of the store's writes (from the fill to the free): which re-runs it explains (a
    /// lease rescued across it) and which nothing does, and when each worker finished its first job begun after it.
    /// </summary>
    public required RestartFigures Outage { get; init; }

    /// <summary>The figures beyond the checker's, for the report's notes.</summary>
    public string Notes =>
        $"disk full {Full.TotalSeconds:0.0} s; {Calls}; errors surfaced: callers {Errors.Callers.Count}, workers {Errors.Workers.Count}; "
        + $"re-runs after a lease ran out while full {Outage.AfterLeaseRanOut}, unexplained {Outage.Unexplained.Count}; "
        + $"resumed after the space came back: enqueues {ProducerResumed.TotalMilliseconds:0} ms, workers (first job done) {Outage.ResumePercentile(1):0} ms";
}
