using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Conveyor.Bench;

/// <summary>
/// The worker side of W1: drains the <see cref="Queue"/> queue and reports the rate and its own peak RSS. Runs
/// in the benchmark process (in-memory store) or as <c>conveyor bench-worker --drain N</c> (shared stores).
/// </summary>
public static class DrainWorker
{
    /// <summary>The queue W1 fills and drains.</summary>
    public const string Queue = "bench";

    private const string ResultPrefix = "drained";

    /// <summary>Runs a worker on <paramref name="useStore"/> until <paramref name="jobs"/> jobs are completed, then prints its result line.</summary>
    public static async Task RunAsync(Action<ConveyorBuilder> useStore, int jobs, int workers, TextWriter output, CancellationToken ct)
    {
        var target = new BenchTarget(useStore, StoreArgument: null, Cleanup: () => { });
        using var host = BenchHost.Build(target, c => Configure(c, workers));
        ProcessMemory.ResetPeak();
        var elapsed = await DrainAsync(host, jobs, _ => { }, ct);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ResultPrefix} {jobs / elapsed.TotalSeconds:F1} {ProcessMemory.PeakMb():F1}"));
        output.Flush();
    }

    /// <summary>Configures the draining worker: one queue with <paramref name="workers"/> slots.</summary>
    internal static void Configure(ConveyorBuilder c, int workers) =>
        c.Queue(Queue, workers).Configure(o => o.PollInterval = TimeSpan.FromMilliseconds(50));

    /// <summary>
    /// Starts <paramref name="host"/>, waits until every job is completed in the store, stops it. Returns the time
    /// from the first job's start to the store showing the last one completed: the worker's start-up (loading,
    /// JIT, opening the store) is not the drain rate.
    /// </summary>
    internal static async Task<TimeSpan> DrainAsync(IHost host, int jobs, Action<double> progress, CancellationToken ct)
    {
        var counter = host.Services.GetRequiredService<NoOpCounter>();
        await host.StartAsync(ct);
        while (counter.Count < jobs)
        {
            progress((double)counter.Count / jobs);
            await Task.Delay(20, ct);
        }

        await BenchHost.WaitForCompletedAsync(host, jobs, ct);
        var elapsed = Stopwatch.GetElapsedTime(counter.FirstStarted);
        progress(1);
        await host.StopAsync(ct);
        return elapsed;
    }

    /// <summary>Reads the result line a drain worker process printed.</summary>
    internal static DrainWorkload.DrainRun ParseResult(string output)
    {
        var line = output.Split('\n', StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The drain worker printed no result: {output}");
        var parts = line.Split(' ');
        return new DrainWorkload.DrainRun(
            double.Parse(parts[1], CultureInfo.InvariantCulture),
            double.Parse(parts[2], CultureInfo.InvariantCulture),
            WorkerInOtherProcess: true);
    }
}
