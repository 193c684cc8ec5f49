namespace Conveyor.Bench;

/// <summary>A job that does nothing: measures the system's own overhead per job.</summary>
public sealed record NoOpJob(int N) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "bench_noop";
}

/// <summary>Counts no-op jobs as they run, so a workload knows when all of them did.</summary>
public sealed class NoOpCounter
{
    private long _count;
    private long _firstStarted;

    /// <summary>Jobs run so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>When the first job started (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), or 0 before that.</summary>
    public long FirstStarted => Interlocked.Read(ref _firstStarted);

    internal void Increment()
    {
        if (Interlocked.Increment(ref _count) == 1)
        {
            Interlocked.Exchange(ref _firstStarted, System.Diagnostics.Stopwatch.GetTimestamp());
        }
    }
}

/// <summary>Runs <see cref="NoOpJob"/>.</summary>
public sealed class NoOpHandler(NoOpCounter counter) : IJobHandler<NoOpJob>
{
    /// <inheritdoc />
    public Task HandleAsync(NoOpJob args, JobContext context, CancellationToken ct)
    {
        counter.Increment();
        return Task.CompletedTask;
    }
}

/// <summary>A job that carries its enqueue time (Unix microseconds) so the worker can measure pickup latency.</summary>
public sealed record LatencyProbe(long EnqueuedAtMicros) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "bench_latency";
}

/// <summary>Receives pickup latencies measured by <see cref="LatencyProbeHandler"/>.</summary>
public sealed class LatencySink(Action<double> record)
{
    /// <summary>Records one latency in milliseconds.</summary>
    public void Record(double milliseconds) => record(milliseconds);
}

/// <summary>Measures start − enqueue for each probe and hands it to the <see cref="LatencySink"/>.</summary>
public sealed class LatencyProbeHandler(LatencySink sink, TimeProvider time) : IJobHandler<LatencyProbe>
{
    /// <inheritdoc />
    public Task HandleAsync(LatencyProbe args, JobContext context, CancellationToken ct)
    {
        sink.Record((Micros(time) - args.EnqueuedAtMicros) / 1000.0);
        return Task.CompletedTask;
    }

    /// <summary>The current wall-clock time in Unix microseconds (the same clock in every process of the machine).</summary>
    public static long Micros(TimeProvider time) => (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
}
