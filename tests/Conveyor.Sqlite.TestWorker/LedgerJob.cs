using Conveyor.Testing.Processes;

namespace Conveyor.Sqlite.TestWorker;

/// <summary>The crash test's job: no arguments; the id is what the ledger records.</summary>
public sealed record LedgerJob : IJobArgs
{
    public static string Kind => "ledger_job";
}

/// <summary>Writes the execution to the ledger first, then does a little asynchronous work.</summary>
public sealed class LedgerJobHandler(Ledger ledger, TimeProvider time) : IJobHandler<LedgerJob>
{
    private static readonly TimeSpan Work = TimeSpan.FromMilliseconds(2);

    public async Task HandleAsync(LedgerJob args, JobContext context, CancellationToken ct)
    {
        ledger.Record(context.Id, context.Attempt);
        await Task.Delay(Work, time, ct);
    }
}
