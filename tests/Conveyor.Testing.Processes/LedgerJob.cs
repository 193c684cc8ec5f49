namespace Conveyor.Testing.Processes;

/// <summary>A no-op job: its execution is recorded in the ledger, nothing else.</summary>
public sealed record LedgerJob : IJobArgs
{
    public static string Kind => "ledger_job";
}

/// <summary>Records the execution in the ledger before returning, so a completed job always has its line.</summary>
public sealed class LedgerJobHandler(Ledger ledger) : IJobHandler<LedgerJob>
{
    public Task HandleAsync(LedgerJob args, JobContext context, CancellationToken ct)
    {
        ledger.Record(context.Id, context.Attempt);
        return Task.CompletedTask;
    }
}
