using System.Data;
using Conveyor.Storage;
using NpgsqlTypes;

namespace Conveyor.Postgres;

/// <summary>Recurring schedules of <see cref="PostgresJobStore"/>, in the schema's <c>schedules</c> table.</summary>
public sealed partial class PostgresJobStore : IScheduleStore
{
    /// <inheritdoc />
    /// <remarks>One statement for the whole batch; a name given twice takes its last definition.</remarks>
    public async ValueTask SaveSchedulesAsync(SaveSchedulesRequest request, CancellationToken ct)
    {
        if (request.Schedules.Count == 0)
        {
            return;
        }

        await using var command = ScheduleRows.Bind(Command("save_schedules"), request.Schedules);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ListSchedulesResult> ListSchedulesAsync(ListSchedulesRequest request, CancellationToken ct)
    {
        await using var command = Command("list_schedules");
        return new ListSchedulesResult(await ScheduleRows.ReadAllAsync(command, ct).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetSchedulePausedAsync(SetSchedulePausedRequest request, CancellationToken ct)
    {
        await using var command = Command("set_schedule_paused").With("name", request.Name).With("paused", request.Paused);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One READ COMMITTED transaction: the guarded cursor update first, which locks the schedule's row, then, only if
    /// it applied, the jobs through <see cref="InsertAsync"/> in the same transaction (so unique keys behave exactly
    /// as there), then the commit. A failed insert rolls the cursor back with it; a competing leader waits on the
    /// row lock and then finds the cursor moved.
    /// </remarks>
    public async ValueTask<AdvanceScheduleResult> AdvanceScheduleAsync(AdvanceScheduleRequest request, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
        await using (var advance = Command("advance_schedule", transaction)
            .With("name", request.Name)
            .With("expected_cursor", request.ExpectedCursor?.ToUniversalTime(), NpgsqlDbType.TimestampTz)
            .With("new_cursor", request.NewCursor))
        {
            if (await advance.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
            {
                // The guard failed: nothing was written, and disposing the transaction rolls it back.
                return new AdvanceScheduleResult(false, []);
            }
        }

        var inserted = await InsertAsync(new InsertJobsRequest { Jobs = request.Jobs, Transaction = transaction }, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return new AdvanceScheduleResult(true, [.. inserted.Jobs.Select(j => j.Id)]);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RecordScheduleRunAsync(RecordScheduleRunRequest request, CancellationToken ct)
    {
        await using var command = Command("record_schedule_run")
            .With("name", request.Name)
            .With("tick", request.Tick.ToUniversalTime())
            .With("state", request.State.ToWireName())
            .With("finished_at", request.FinishedAt.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteScheduleAsync(DeleteScheduleRequest request, CancellationToken ct)
    {
        await using var command = Command("delete_schedule").With("name", request.Name);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }
}
