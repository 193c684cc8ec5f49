namespace Conveyor.Bench;

/// <summary>
/// One fresh, empty namespace (a schema, a file, an in-memory store) of the system under benchmark, for one
/// workload run. Disposing it removes its data.
/// </summary>
public interface IBenchTarget : IAsyncDisposable
{
    /// <summary>
    /// How a worker process uses this same namespace, or null when only this process can reach it (the in-memory
    /// store).
    /// </summary>
    WorkerLaunch? Worker { get; }

    /// <summary>Whether the system enqueues many jobs in one call (W2 bulk); Hangfire has no such API.</summary>
    bool HasBulkEnqueue { get; }

    /// <summary>Creates the namespace's schema, so jobs can be enqueued before any worker starts.</summary>
    Task PrepareAsync(CancellationToken ct);

    /// <summary>Enqueues no-op job <paramref name="n"/>; returns once the system has acknowledged (committed) it. Thread-safe.</summary>
    Task EnqueueNoOpAsync(int n, CancellationToken ct);

    /// <summary>Enqueues the no-op jobs <paramref name="ns"/> in one call, all or none (only when <see cref="HasBulkEnqueue"/>).</summary>
    Task EnqueueNoOpsAsync(IReadOnlyList<int> ns, CancellationToken ct);

    /// <summary>Enqueues a latency probe stamped with its enqueue time (Unix microseconds).</summary>
    Task EnqueueProbeAsync(long enqueuedAtMicros, CancellationToken ct);

    /// <summary>How many jobs the system shows as completed (succeeded).</summary>
    Task<long> CountCompletedAsync(CancellationToken ct);

    /// <summary>A worker that runs the no-op jobs with <paramref name="workers"/> concurrent slots and records each run in <paramref name="log"/>.</summary>
    IBenchWorker CreateDrainWorker(ExecutionLog log, int workers);

    /// <summary>An idle worker that runs latency probes and hands each one's pickup latency to <paramref name="sink"/>.</summary>
    IBenchWorker CreateLatencyWorker(LatencySink sink);
}

/// <summary>A worker of the system under benchmark, in this process.</summary>
public interface IBenchWorker : IAsyncDisposable
{
    /// <summary>Starts fetching and running jobs.</summary>
    Task StartAsync(CancellationToken ct);

    /// <summary>Stops fetching and waits for the jobs in flight (and their completions) to finish.</summary>
    Task StopAsync(CancellationToken ct);
}
