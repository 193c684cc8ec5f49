namespace Conveyor.Bench;

/// <summary>Runs W1–W4 against one system <see cref="BenchSettings.Runs"/> times each and reports the medians.</summary>
public static class BenchRunner
{
    /// <summary>Runs the benchmark; <paramref name="progress"/> receives (workload name, fraction done).</summary>
    public static async Task<BenchResult> RunAsync(BenchSystem system, BenchSettings settings, Action<string, double> progress, CancellationToken ct)
    {
        var drains = new SortedDictionary<int, List<double>>();
        var enqueue = new List<double>();
        var bulk = new List<double>();
        var latency = new List<LatencyWorkload.LatencyRun>();
        var peakRss = 0.0;
        var duplicates = 0L;
        var drainInOtherProcess = false;
        for (var run = 1; run <= settings.Runs; run++)
        {
            var label = $"{system.Name}, run {run}/{settings.Runs}";
            var w1 = await DrainAsync(1, label);
            peakRss = Math.Max(peakRss, w1.PeakRssMb);
            drainInOtherProcess = w1.WorkerInOtherProcess;
            foreach (var processes in system.MeasureScaleOut && w1.WorkerInOtherProcess ? settings.ScaleOutProcesses : [])
            {
                await DrainAsync(processes, label);
            }

            enqueue.Add(await EnqueueWorkload.RunAsync(system, settings, p => progress($"W2 enqueue, {label}", p), ct));
            if (await EnqueueWorkload.RunBulkAsync(system, settings, p => progress($"W2 bulk enqueue, {label}", p), ct) is { } rate)
            {
                bulk.Add(rate);
            }

            latency.Add(await LatencyWorkload.RunAsync(system, settings, p => progress($"W3 latency, {label}", p), ct));
        }

        async Task<DrainWorkload.DrainRun> DrainAsync(int processes, string label)
        {
            var name = processes == 1 ? "W1 drain" : $"W4 drain, {processes} processes";
            var drain = await DrainWorkload.RunAsync(system, settings, processes, p => progress($"{name}, {label}", p), ct);
            (drains.TryGetValue(processes, out var rates) ? rates : drains[processes] = []).Add(drain.JobsPerSecond);
            duplicates += drain.Duplicates;
            return drain;
        }

        return new BenchResult
        {
            Store = system.Name,
            Configuration = system.Configuration,
            W1JobsPerSecond = Median(drains[1]),
            W1WorkerInOtherProcess = drainInOtherProcess,
            W2JobsPerSecond = Median(enqueue),
            W2BulkJobsPerSecond = bulk.Count > 0 ? Median(bulk) : null,
            W3P50Ms = Median(latency.Select(l => Percentile(l.Latencies, 0.50))),
            W3P95Ms = Median(latency.Select(l => Percentile(l.Latencies, 0.95))),
            W3P99Ms = Median(latency.Select(l => Percentile(l.Latencies, 0.99))),
            W3WorkerInOtherProcess = latency.All(l => l.WorkerInOtherProcess),
            W4JobsPerSecond = drains.Count > 1 ? drains.ToDictionary(d => d.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), d => Median(d.Value)) : null,
            W4Duplicates = duplicates,
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
