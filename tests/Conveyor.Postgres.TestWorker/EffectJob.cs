using System.Data.Common;
using Conveyor.Testing.Processes;

namespace Conveyor.Postgres.TestWorker;

/// <summary>A job with a database side effect, completed in the handler's transaction (registered with CompleteInTransaction).</summary>
public sealed record EffectJob : IJobArgs
{
    public static string Kind => "effect_job";
}

/// <summary>
/// Inserts the job's row into <c>effects</c> (unique on the job id) in the attempt's transaction, records the
/// execution in the ledger, then holds the transaction open for <see cref="WorkerSettings.HoldAfterWrite"/>. The row
/// lands only if the job's completion commits with it; a second landed row would break the unique key.
/// </summary>
public sealed class EffectJobHandler(Ledger ledger, WorkerSettings settings, TimeProvider time) : IJobHandler<EffectJob>
{
    public async Task HandleAsync(EffectJob args, JobContext context, CancellationToken ct)
    {
        var transaction = context.Transaction ?? throw new InvalidOperationException("effect_job runs only with CompleteInTransaction.");
        await using var insert = transaction.Connection!.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"insert into \"{settings.Schema}\".effects (job_id, attempt, pid) values ($1, $2, $3)";
        AddParameter(insert, context.Id);
        AddParameter(insert, context.Attempt);
        AddParameter(insert, Environment.ProcessId);
        await insert.ExecuteNonQueryAsync(ct);
        ledger.Record(context.Id, context.Attempt);
        if (settings.HoldAfterWrite != TimeSpan.Zero)
        {
            await Task.Delay(settings.HoldAfterWrite, time, ct);
        }
    }

    private static void AddParameter(DbCommand command, object value)
    {
        var parameter = command.CreateParameter();
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
