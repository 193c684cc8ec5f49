namespace Conveyor.Chaos.Tests.Poison;

/// <summary>A job that calls a dependency which may be down; <see cref="N"/> is its number in the run.</summary>
public sealed record StormJob(int N) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "chaos_storm";
}

/// <summary>What the dependency throws while it is down.</summary>
public sealed class DependencyDownException(string message) : Exception(message);

/// <summary>Records the attempt's start, then calls the dependency: throws while it is down, else succeeds.</summary>
public sealed class StormJobHandler(StormRun run) : IJobHandler<StormJob>
{
    /// <inheritdoc />
    public Task HandleAsync(StormJob args, JobContext context, CancellationToken ct)
    {
        if (run.Attempted(args.N, context.Attempt, context.Job.ScheduledAt))
        {
            throw new DependencyDownException($"dependency down (job {args.N}, attempt {context.Attempt})");
        }

        return Task.CompletedTask;
    }
}
