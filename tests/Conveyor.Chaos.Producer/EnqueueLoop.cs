using Conveyor.Chaos.Worker;
using Microsoft.Extensions.Hosting;

namespace Conveyor.Chaos.Producer;

/// <summary>
/// Makes the producer's calls one after another, each recorded before and after (<see cref="CallRecord"/>), until it
/// has made <see cref="ChaosProducerSettings.Calls"/> of them or is told to stop; then it waits to be stopped. Each
/// call's jobs carry the tag <c>call:pid.n</c>, so the test can find what a cut-off or refused call left in the store.
/// </summary>
public sealed class EnqueueLoop(IJobClient client, CallRecord record, ChaosProducerSettings settings, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan ErrorPause = TimeSpan.FromMilliseconds(50);

    /// <summary>The tag of call <paramref name="call"/> of process <paramref name="pid"/>.</summary>
    public static string Tag(int pid, int call) => $"call:{pid}.{call}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var random = new Random(Environment.ProcessId);
        for (var call = 0; (settings.Calls == 0 || call < settings.Calls) && !stoppingToken.IsCancellationRequested; call++)
        {
            var ok = await CallAsync(call, random.Next(1, settings.Batch + 1));
            var pause = ok ? TimeSpan.FromMilliseconds(settings.PauseMs) : ErrorPause;
            if (pause > TimeSpan.Zero && !await DelayAsync(pause, stoppingToken))
            {
                return;
            }
        }
    }

    private async Task<bool> CallAsync(int call, int jobs)
    {
        record.Asked(call, jobs);
        try
        {
            // Never cancelled by a stop: a call once asked runs to its outcome, so only a kill leaves one unknown.
            var ids = await client.EnqueueManyAsync(
                Enumerable.Repeat(new WorkJob(settings.Ms), jobs),
                new EnqueueOptions { Tags = [Tag(Environment.ProcessId, call)] },
                CancellationToken.None);
            record.Ok(call, ids);
            return true;
        }
        catch (Exception ex)
        {
            // Whatever the store threw is what a caller sees: the record's subject, written as it came.
            record.Error(call, ex);
            return false;
        }
    }

    private async Task<bool> DelayAsync(TimeSpan pause, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(pause, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
