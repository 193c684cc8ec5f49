namespace Conveyor.Chaos.Tests.Poison;

/// <summary>A job that succeeds at once; <see cref="N"/> is its number in the run.</summary>
public sealed record HealthyJob(int N) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "chaos_healthy";
}

/// <summary>A job whose handler throws on every attempt; <see cref="N"/> is its number in the run.</summary>
public sealed record PoisonJob(int N) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "chaos_poison";
}

/// <summary>What a poison job's handler throws, naming the job and the attempt.</summary>
public sealed class PoisonException(string message) : Exception(message);

/// <summary>Records the healthy job's start.</summary>
public sealed class HealthyJobHandler(PoisonRun run) : IJobHandler<HealthyJob>
{
    /// <inheritdoc />
    public Task HandleAsync(HealthyJob args, JobContext context, CancellationToken ct)
    {
        run.HealthyStarted(args.N);
        return Task.CompletedTask;
    }
}

/// <summary>Records the attempt's start and failure, then throws <see cref="PoisonException"/>.</summary>
public sealed class PoisonJobHandler(PoisonRun run) : IJobHandler<PoisonJob>
{
    /// <inheritdoc />
    public Task HandleAsync(PoisonJob args, JobContext context, CancellationToken ct)
    {
        var (started, startedAt) = (TimeProvider.System.GetTimestamp(), TimeProvider.System.GetUtcNow());
        run.PoisonAttempted(new PoisonAttempt(args.N, context.Attempt, started, startedAt, context.Job.ScheduledAt, TimeProvider.System.GetTimestamp(), TimeProvider.System.GetUtcNow()));
        throw new PoisonException(PoisonRun.Message(args.N, context.Attempt));
    }
}
