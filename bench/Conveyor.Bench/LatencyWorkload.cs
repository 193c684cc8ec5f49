using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Conveyor.Bench;

/// <summary>
/// W3: an idle worker; probes enqueued <c>interval</c> apart; latency = handler start − enqueue. When the store
/// can be shared, the worker runs in another process (started by <c>workerProcess</c>), as in production.
/// The first probes warm the worker up and are not counted.
/// </summary>
internal static class LatencyWorkload
{
    /// <summary>The measured latencies (ms) and where the worker ran.</summary>
    public sealed record LatencyRun(IReadOnlyList<double> Latencies, bool WorkerInOtherProcess);

    private const int WarmUp = 10;

    public static async Task<LatencyRun> RunAsync(
        BenchStore store, int probes, TimeSpan interval, Func<string, IReadOnlyList<string>, ProcessStartInfo>? workerProcess, Action<double> progress, CancellationToken ct)
    {
        var target = store.Fresh();
        try
        {
            var latencies = new BlockingCollection<double>();
            var sink = new LatencySink(latencies.Add);
            var remote = target.StoreArgument is not null && workerProcess is not null;
            using var host = BenchHost.Build(
                target,
                c => { if (!remote) { c.AddHandler<LatencyProbeHandler>().Queue("latency", 4); } },
                s => s.AddSingleton(sink));
            await BenchHost.MigrateAsync(host, ct);
            await host.StartAsync(ct);
            using var worker = remote ? await StartWorkerAsync(workerProcess!(target.StoreArgument!, []), latencies, ct) : null;
            var client = host.Services.GetRequiredService<IJobClient>();
            var options = new EnqueueOptions { Queue = "latency" };
            for (var i = 0; i < WarmUp + probes; i++)
            {
                await client.EnqueueAsync(new LatencyProbe(LatencyProbeHandler.Micros(TimeProvider.System)), options, ct);
                progress((double)i / (WarmUp + probes));
                await Task.Delay(interval, ct);
            }

            var measured = await CollectAsync(latencies, WarmUp + probes, ct);
            progress(1);
            await host.StopAsync(ct);
            return new LatencyRun([.. measured.Skip(WarmUp)], remote);
        }
        finally
        {
            target.Cleanup();
        }
    }

    private static async Task<Process> StartWorkerAsync(ProcessStartInfo start, BlockingCollection<double> latencies, CancellationToken ct)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the worker process {start.FileName}.");
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == LatencyWorker.ReadyLine)
            {
                ready.TrySetResult();
            }
            else if (double.TryParse(e.Data, System.Globalization.CultureInfo.InvariantCulture, out var ms))
            {
                latencies.Add(ms);
            }
        };
        process.BeginOutputReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        return process;
    }

    private static async Task<List<double>> CollectAsync(BlockingCollection<double> latencies, int expected, CancellationToken ct)
    {
        var result = new List<double>(expected);
        var deadline = Stopwatch.StartNew();
        while (result.Count < expected && deadline.Elapsed < TimeSpan.FromSeconds(30))
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
            : throw new InvalidOperationException($"Only {result.Count} of {expected} latency probes ran within 30 s.");
    }
}
