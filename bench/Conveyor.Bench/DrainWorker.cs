namespace Conveyor.Bench;

/// <summary>
/// The worker process of W1 and W4 (<c>conveyor bench-worker --drain</c>): builds a worker, says it is ready,
/// starts on <see cref="WorkerMessages.Go"/>, reports how many jobs it has run every 20 ms, and when its input
/// closes stops and prints its result (first start, its own peak RSS, the ids it ran).
/// </summary>
public static class DrainWorker
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Runs the worker protocol on <paramref name="target"/> with <paramref name="workers"/> concurrent jobs.</summary>
    public static async Task RunAsync(IBenchTarget target, int workers, TextReader input, TextWriter output, CancellationToken ct)
    {
        var messages = new MessageWriter(output);
        var log = new ExecutionLog(TimeProvider.System);
        await using var worker = target.CreateDrainWorker(log, workers);
        messages.Write(WorkerMessages.Ready);
        if (await Task.Run(input.ReadLine, ct) != WorkerMessages.Go)
        {
            return;
        }

        ProcessMemory.ResetPeak();
        await worker.StartAsync(ct);
        var stop = Task.Run(input.ReadToEnd, ct);
        while (!stop.IsCompleted)
        {
            messages.Write(WorkerMessages.Ran, WorkerMessages.Text(log.Count));
            await Task.WhenAny(stop, Task.Delay(ReportInterval, ct));
        }

        await worker.StopAsync(ct);
        messages.Write(WorkerMessages.Drained, WorkerMessages.Text(log.FirstStartedMicros), WorkerMessages.Text(ProcessMemory.PeakMb()), string.Join(',', log.JobIds));
    }
}
