namespace Conveyor.Bench;

/// <summary>Runs W1–W3 against one store <see cref="BenchSettings.Runs"/> times each and reports the medians.</summary>
public static class BenchRunner
{
    /// <summary>Runs the benchmark; <paramref name="progress"/> receives (workload name, fraction done).</summary>
    public static async Task<BenchResult> RunAsync(BenchStore store, BenchSettings settings, Action<string, double> progress, CancellationToken ct)
    {
        var drain = new List<double>();
        var enqueue = new List<double>();
        var latency = new List<LatencyWorkload.LatencyRun>();
        var peakRss = 0.0;
        var drainInOtherProcess = false;
        for (var run = 1; run <= settings.Runs; run++)
        {
            var label = $"run {run}/{settings.Runs}";
            var run1 = await DrainWorkload.RunAsync(store, settings.DrainJobs, settings.DrainWorkers, settings.WorkerProcess, p => progress($"W1 drain, {label}", p), ct);
            drain.Add(run1.JobsPerSecond);
            peakRss = Math.Max(peakRss, run1.PeakRssMb);
            drainInOtherProcess = run1.WorkerInOtherProcess;
            enqueue.Add(await EnqueueWorkload.RunAsync(store, settings.EnqueueJobs, p => progress($"W2 enqueue, {label}", p), ct));
            latency.Add(await LatencyWorkload.RunAsync(store, settings.LatencyProbes, settings.LatencyInterval, settings.WorkerProcess, p => progress($"W3 latency, {label}", p), ct));
        }

        return new BenchResult
        {
            Store = store.Name,
            W1JobsPerSecond = Median(drain),
            W1WorkerInOtherProcess = drainInOtherProcess,
            W2JobsPerSecond = Median(enqueue),
            W3P50Ms = Median(latency.Select(l => Percentile(l.Latencies, 0.50))),
            W3P95Ms = Median(latency.Select(l => Percentile(l.Latencies, 0.95))),
            W3P99Ms = Median(latency.Select(l => Percentile(l.Latencies, 0.99))),
            W3WorkerInOtherProcess = latency.All(l => l.WorkerInOtherProcess),
            PeakRssMb = peakRss,
            Runs = settings.Runs,
        };
    }

    /// <summary>The value at quantile <paramref name="q"/> (nearest rank) of <paramref name="values"/>.</summary>
    public static double Percentile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double Median(IEnumerable<double> values) => Percentile(values, 0.5);
}
