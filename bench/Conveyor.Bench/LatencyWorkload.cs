using System.Collections.Concurrent;
using System.Diagnostics;

namespace Conveyor.Bench;

/// <summary>
/// W3: an idle worker; probes enqueued <see cref="BenchSettings.LatencyInterval"/> apart; latency = handler
/// start − enqueue on the machine's wall clock. When the store can be shared, the worker runs in another process
/// (<see cref="LatencyWorker"/>), as in production. The first probes warm the worker up and are not counted.
/// </summary>
internal static class LatencyWorkload
{
    private const int WarmUp = 10;
    private static readonly TimeSpan CollectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The measured latencies (ms) and where the worker ran.</summary>
    public sealed record LatencyRun(IReadOnlyList<double> Latencies, bool WorkerInOtherProcess);

    public static async Task<LatencyRun> RunAsync(BenchSystem system, BenchSettings settings, Action<double> progress, CancellationToken ct)
    {
        await using var target = system.Fresh();
        await target.PrepareAsync(ct);
        var latencies = new BlockingCollection<double>();
        var remote = target.Worker is not null && settings.WorkerProcess is not null;
        await using var here = remote ? null : target.CreateLatencyWorker(new LatencySink(latencies.Add));
        using var process = remote ? WorkerProcess.Start(settings.WorkerProcess!(target.Worker!), line => Collect(line, latencies)) : null;
        await (process?.WaitReadyAsync(ct) ?? here!.StartAsync(ct));
        var probes = WarmUp + settings.LatencyProbes;
        for (var i = 0; i < probes; i++)
        {
            await target.EnqueueProbeAsync(WallClock.Micros(TimeProvider.System), ct);
            progress((double)i / probes);
            await Task.Delay(settings.LatencyInterval, ct);
        }

        var measured = await CollectAsync(latencies, probes, ct);
        progress(1);
        await (process?.StopAsync(ct) ?? here!.StopAsync(ct));
        return new LatencyRun([.. measured.Skip(WarmUp)], remote);
    }

    private static void Collect(string line, BlockingCollection<double> latencies)
    {
        if (WorkerMessages.Fields(line, WorkerMessages.Latency) is [var ms])
        {
            latencies.Add(WorkerMessages.Number(ms));
        }
    }

    private static async Task<List<double>> CollectAsync(BlockingCollection<double> latencies, int expected, CancellationToken ct)
    {
        var result = new List<double>(expected);
        var deadline = Stopwatch.StartNew();
        while (result.Count < expected && deadline.Elapsed < CollectTimeout)
        {
            if (latencies.TryTake(out var ms))
            {
                result.Add(ms);
            }
            else
            {
                await Task.Delay(10, ct);
            }
        }

        return result.Count == expected
            ? result
            : throw new InvalidOperationException($"Only {result.Count} of {expected} latency probes ran within {CollectTimeout.TotalSeconds} s.");
    }
}
