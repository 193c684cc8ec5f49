using System.Diagnostics;

namespace Conveyor.Bench;

/// <summary>The sizes of the workloads and how often each runs (the report shows the median).</summary>
public sealed record BenchSettings
{
    /// <summary>W1 and W4: jobs to drain (default 20,000).</summary>
    public int DrainJobs { get; init; } = 20_000;

    /// <summary>W1 and W4: each worker's concurrent jobs (default 100).</summary>
    public int DrainWorkers { get; init; } = 100;

    /// <summary>W4: the numbers of worker processes beyond W1's one that drain the same jobs (default 2 and 4).</summary>
    public IReadOnlyList<int> ScaleOutProcesses { get; init; } = [2, 4];

    /// <summary>W2: jobs enqueued one per call (default 5,000).</summary>
    public int EnqueueJobs { get; init; } = 5_000;

    /// <summary>W2 bulk: jobs enqueued in batches (default 50,000).</summary>
    public int BulkJobs { get; init; } = 50_000;

    /// <summary>W2 bulk: jobs per call (default 1,000).</summary>
    public int BulkBatchSize { get; init; } = 1_000;

    /// <summary>W3: latency probes (default 300).</summary>
    public int LatencyProbes { get; init; } = 300;

    /// <summary>W3: the gap between probes (default 20 ms).</summary>
    public TimeSpan LatencyInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Runs of each workload (default 3).</summary>
    public int Runs { get; init; } = 3;

    /// <summary>
    /// Starts a worker process for a target's <see cref="IBenchTarget.Worker"/>, with the workload's own arguments
    /// added (W1/W4: <c>--drain --workers W</c>; W3: none); null runs every worker in this process.
    /// </summary>
    public Func<WorkerLaunch, ProcessStartInfo>? WorkerProcess { get; init; }
}
