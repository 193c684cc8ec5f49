namespace Conveyor.Chaos.Tests.SlowStore;

/// <summary>
/// A job that works for <see cref="Ms"/> milliseconds and, when <see cref="OutlastsStalls"/>, on until the run's last
/// stall has ended; all on its token, so a lost lease stops it and fails the attempt.
/// </summary>
public sealed record SlowJob(int Ms, bool OutlastsStalls) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "chaos_slow_store";
}

/// <summary>Runs <see cref="SlowJob"/>, counting each execution by job id in the run's <see cref="Executions"/>.</summary>
public sealed class SlowJobHandler(SlowStoreRun run, TimeProvider time) : IJobHandler<SlowJob>
{
    public async Task HandleAsync(SlowJob args, JobContext context, CancellationToken ct)
    {
        run.Executions.Started(context.Id);
        await Task.Delay(TimeSpan.FromMilliseconds(args.Ms), time, ct);
        if (args.OutlastsStalls)
        {
            await run.StallsEnded.WaitAsync(ct);
        }

        run.Executions.Finished(context.Id, time.GetTimestamp());
    }
}
