using Hangfire;
using Hangfire.Server;

namespace Conveyor.Bench;

/// <summary>Hangfire's no-op job: records its run (Hangfire's job id) in the worker's <see cref="ExecutionLog"/>.</summary>
public sealed class HangfireNoOp(ExecutionLog log)
{
    /// <summary>The job method; Hangfire passes <paramref name="context"/> in place of the null given at enqueue.</summary>
    public void Run(int n, PerformContext? context) =>
        log.Record(long.Parse(context?.BackgroundJob.Id ?? throw new InvalidOperationException($"No-op job {n} ran without a context."), System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// Hangfire's no-op job on Redis: records its run in the worker's <see cref="ExecutionLog"/> under its number, which is
/// unique in a drain (Hangfire.Redis.StackExchange's job ids are GUIDs, not numbers).
/// </summary>
public sealed class HangfireRedisNoOp(ExecutionLog log)
{
    /// <summary>The job method.</summary>
    public void Run(int n) => log.Record(n);
}

/// <summary>Hangfire's latency probe: measures start − enqueue and hands it to the <see cref="LatencySink"/>.</summary>
public sealed class HangfireProbe(LatencySink sink, TimeProvider time)
{
    /// <summary>The job method.</summary>
    public void Run(long enqueuedAtMicros) => sink.RecordPickup(enqueuedAtMicros, time);
}

/// <summary>Gives Hangfire's workers the one job instance of a benchmark worker (so it reaches its log or sink).</summary>
internal sealed class SingleJobActivator(object job) : JobActivator
{
    public override object ActivateJob(Type jobType) =>
        jobType.IsInstanceOfType(job) ? job : throw new InvalidOperationException($"This benchmark worker runs {job.GetType().Name} jobs only, not {jobType.Name}.");
}
