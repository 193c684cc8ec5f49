using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Worker;

/// <summary>
/// A job with a side effect: records <c>exec</c>, works for <see cref="Ms"/> milliseconds (on its token: a lost lease or
/// a shutdown stops it), offers its effect to the side-effect table while it still holds its lease, records <c>done</c>
/// (or <c>stop</c>, when stopped before the effect).
/// </summary>
public sealed record WorkJob(int Ms = 0) : IJobArgs
{
    public static string Kind => "chaos_work";
}

/// <summary>A job that ends its own process (<see cref="Environment.FailFast(string)"/>) on every attempt.</summary>
public sealed record CrashJob : IJobArgs
{
    public static string Kind => "chaos_crash";
}

/// <summary>A job of a rate-limited type: <see cref="Key"/> is the limited key.</summary>
public sealed record LimitedJob(string Key) : IJobArgs
{
    public static string Kind => "chaos_limited";
}

/// <summary>Runs <see cref="LimitedJob"/>: records <c>exec</c> and <c>done</c>; the rate limit decides when it may start.</summary>
public sealed class LimitedJobHandler(EventLedger ledger) : IJobHandler<LimitedJob>
{
    public Task HandleAsync(LimitedJob args, JobContext context, CancellationToken ct)
    {
        ledger.Record(LedgerEventKind.Exec, context.Id, context.Attempt);
        ledger.Record(LedgerEventKind.Done, context.Id, context.Attempt);
        return Task.CompletedTask;
    }
}

/// <summary>A job of a type limited to one running job per <see cref="Key"/>; it works for <see cref="Ms"/> milliseconds.</summary>
public sealed record ExclusiveJob(string Key, int Ms) : IJobArgs
{
    public static string Kind => "chaos_exclusive";
}

/// <summary>Runs <see cref="ExclusiveJob"/>: records <c>exec</c>, works, records <c>done</c>; the concurrency limit decides when it may start.</summary>
public sealed class ExclusiveJobHandler(EventLedger ledger) : IJobHandler<ExclusiveJob>
{
    public async Task HandleAsync(ExclusiveJob args, JobContext context, CancellationToken ct)
    {
        ledger.Record(LedgerEventKind.Exec, context.Id, context.Attempt);
        await Task.Delay(args.Ms, ct);
        ledger.Record(LedgerEventKind.Done, context.Id, context.Attempt);
    }
}

/// <summary>A job of a type that runs in order per <see cref="Key"/>; it works for <see cref="Ms"/> milliseconds.</summary>
public sealed record OrderedJob(string Key, int Ms) : IJobArgs
{
    public static string Kind => "chaos_ordered";
}

/// <summary>Runs <see cref="OrderedJob"/>: records <c>exec</c>, works, records <c>done</c>; the store decides when it may start.</summary>
public sealed class OrderedJobHandler(EventLedger ledger) : IJobHandler<OrderedJob>
{
    public async Task HandleAsync(OrderedJob args, JobContext context, CancellationToken ct)
    {
        ledger.Record(LedgerEventKind.Exec, context.Id, context.Attempt);
        await Task.Delay(args.Ms, ct);
        ledger.Record(LedgerEventKind.Done, context.Id, context.Attempt);
    }
}

/// <summary>Runs <see cref="WorkJob"/>: the ledger lines around the work and the effect.</summary>
public sealed class WorkJobHandler(EventLedger ledger, SideEffects effects) : IJobHandler<WorkJob>
{
    public async Task HandleAsync(WorkJob args, JobContext context, CancellationToken ct)
    {
        ledger.Record(LedgerEventKind.Exec, context.Id, context.Attempt);
        try
        {
            if (args.Ms > 0)
            {
                await Task.Delay(args.Ms, ct);
            }

            // The lease check: a worker that lost its lease, or can no longer be sure of it (it was paused or cut off
            // from the store), must not apply the effect.
            context.ThrowIfLeaseLost();
        }
        catch (OperationCanceledException)
        {
            // When the handler stopped: a cut-off worker's handlers must stop within a lease of its last renewal.
            ledger.Record(LedgerEventKind.Stop, context.Id, context.Attempt);
            throw;
        }

        var applied = await effects.TryApplyAsync(context.Id, context.Attempt);
        ledger.Record(LedgerEventKind.Effect, context.Id, context.Attempt, applied);
        ledger.Record(LedgerEventKind.Done, context.Id, context.Attempt);
    }
}

/// <summary>Runs <see cref="CrashJob"/>: records <c>exec</c>, then takes the whole worker process down.</summary>
public sealed class CrashJobHandler(EventLedger ledger) : IJobHandler<CrashJob>
{
    public Task HandleAsync(CrashJob args, JobContext context, CancellationToken ct)
    {
        ledger.Record(LedgerEventKind.Exec, context.Id, context.Attempt);
        Environment.FailFast($"chaos_crash job {context.Id} ends its worker on attempt {context.Attempt}.");
        return Task.CompletedTask;
    }
}
