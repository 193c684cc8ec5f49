namespace Conveyor.Bench;

/// <summary>
/// The worker process of W3 (<c>conveyor bench-worker</c>): runs an idle worker on the target, says it is ready,
/// prints one <see cref="WorkerMessages.Latency"/> line per probe, and stops when its input closes.
/// </summary>
public static class LatencyWorker
{
    /// <summary>Runs the worker until <paramref name="input"/> ends or <paramref name="ct"/> fires.</summary>
    public static async Task RunAsync(IBenchTarget target, TextReader input, TextWriter output, CancellationToken ct)
    {
        var messages = new MessageWriter(output);
        var sink = new LatencySink(ms => messages.Write(WorkerMessages.Latency, WorkerMessages.Text(ms)));
        await using var worker = target.CreateLatencyWorker(sink);
        await worker.StartAsync(ct);
        messages.Write(WorkerMessages.Ready);
        await Task.Run(input.ReadToEnd, ct);
        await worker.StopAsync(CancellationToken.None);
    }
}
