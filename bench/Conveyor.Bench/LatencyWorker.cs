using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Conveyor.Bench;

/// <summary>
/// The worker process of W3: runs the <c>latency</c> queue on the given store, prints <see cref="ReadyLine"/>
/// once started, then one latency in milliseconds per line, until its standard input closes.
/// </summary>
public static class LatencyWorker
{
    /// <summary>The line printed once the worker is ready for probes.</summary>
    public const string ReadyLine = "ready";

    /// <summary>Runs the worker until <paramref name="input"/> ends or <paramref name="ct"/> fires.</summary>
    public static async Task RunAsync(Action<ConveyorBuilder> useStore, TextReader input, TextWriter output, CancellationToken ct)
    {
        var gate = new Lock();
        var sink = new LatencySink(ms =>
        {
            lock (gate)
            {
                output.WriteLine(ms.ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
                output.Flush();
            }
        });
        var target = new BenchTarget(useStore, StoreArgument: null, Cleanup: () => { });
        using var host = BenchHost.Build(target, c => c.AddHandler<LatencyProbeHandler>().Queue("latency", 4), s => s.AddSingleton(sink));
        await host.StartAsync(ct);
        lock (gate)
        {
            output.WriteLine(ReadyLine);
            output.Flush();
        }

        await Task.Run(() => input.ReadToEnd(), ct).WaitAsync(ct);
        await host.StopAsync(CancellationToken.None);
    }
}
