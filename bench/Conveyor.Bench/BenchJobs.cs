namespace Conveyor.Bench;

/// <summary>A job that does nothing: measures the system's own overhead per job.</summary>
public sealed record NoOpJob(int N) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "bench_noop";
}

/// <summary>Runs <see cref="NoOpJob"/>, recording each run in the worker's <see cref="ExecutionLog"/>.</summary>
public sealed class NoOpHandler(ExecutionLog log) : IJobHandler<NoOpJob>
{
    /// <inheritdoc />
    public Task HandleAsync(NoOpJob args, JobContext context, CancellationToken ct)
    {
        log.Record(context.Id);
        return Task.CompletedTask;
    }
}

/// <summary>A job that carries its enqueue time (Unix microseconds) so the worker can measure pickup latency.</summary>
public sealed record LatencyProbe(long EnqueuedAtMicros) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "bench_latency";
}

/// <summary>Receives pickup latencies measured by the probe jobs.</summary>
public sealed class LatencySink(Action<double> record)
{
    /// <summary>Records one latency in milliseconds.</summary>
    public void Record(double milliseconds) => record(milliseconds);

    /// <summary>Records the latency of a probe enqueued at <paramref name="enqueuedAtMicros"/> that starts now.</summary>
    public void RecordPickup(long enqueuedAtMicros, TimeProvider time) => Record((WallClock.Micros(time) - enqueuedAtMicros) / 1000.0);
}

/// <summary>Measures start − enqueue for each probe and hands it to the <see cref="LatencySink"/>.</summary>
public sealed class LatencyProbeHandler(LatencySink sink, TimeProvider time) : IJobHandler<LatencyProbe>
{
    /// <inheritdoc />
    public Task HandleAsync(LatencyProbe args, JobContext context, CancellationToken ct)
    {
        sink.RecordPickup(args.EnqueuedAtMicros, time);
        return Task.CompletedTask;
    }
}
