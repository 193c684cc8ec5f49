using System.Diagnostics;

namespace Conveyor.Bench;

/// <summary>The sizes of the workloads and how often each runs (the report shows the median).</summary>
public sealed record BenchSettings
{
    /// <summary>W1: jobs to drain (default 20,000).</summary>
    public int DrainJobs { get; init; } = 20_000;

    /// <summary>W1: the worker's concurrent jobs (default 100).</summary>
    public int DrainWorkers { get; init; } = 100;

    /// <summary>W2: jobs enqueued one per call (default 5,000).</summary>
    public int EnqueueJobs { get; init; } = 5_000;

    /// <summary>W3: latency probes (default 300).</summary>
    public int LatencyProbes { get; init; } = 300;

    /// <summary>W3: the gap between probes (default 20 ms).</summary>
    public TimeSpan LatencyInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Runs of each workload (default 3).</summary>
    public int Runs { get; init; } = 3;

    /// <summary>
    /// Starts a worker process for a <c>--store</c> value with extra arguments (W1: <c>--drain N --workers W</c>;
    /// W3: none); null runs every worker in this process.
    /// </summary>
    public Func<string, IReadOnlyList<string>, ProcessStartInfo>? WorkerProcess { get; init; }
}
