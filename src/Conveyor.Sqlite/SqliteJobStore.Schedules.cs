using Conveyor.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>
/// The recurring schedules of <see cref="SqliteJobStore"/>, in <c>conveyor_schedules</c> (migration 2; their recorded runs, migration 9). Every change is
/// a <c>BEGIN IMMEDIATE</c> transaction, so leaders in several processes take turns at a schedule's cursor.
/// </summary>
public sealed partial class SqliteJobStore : IScheduleStore
{
    /// <inheritdoc />
    public ValueTask SaveSchedulesAsync(SaveSchedulesRequest request, CancellationToken ct)
    {
        Write(session =>
        {
            var now = SqliteTime.ToMicros(_time.GetUtcNow());
            foreach (var schedule in request.Schedules)
            {
                session.Command("save_schedule")
                    .With("@name", schedule.Name).With("@kind", schedule.Kind).With("@queue", schedule.Queue).With("@args", schedule.Args.ToArray())
                    .With("@cron", schedule.Cron).With("@time_zone", schedule.TimeZone).With("@misfire", (int)schedule.Misfire)
                    .With("@max_attempts", schedule.MaxAttempts).With("@priority", schedule.Priority).With("@now", now)
                    .ExecuteNonQuery();
            }

            return 0;
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ListSchedulesResult> ListSchedulesAsync(ListSchedulesRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Read(session =>
        {
            var schedules = new List<StoredSchedule>();
            using var reader = session.Command("list_schedules").ExecuteReader();
            while (reader.Read())
            {
                schedules.Add(ReadSchedule(reader));
            }

            return new ListSchedulesResult(schedules);
        }));

    /// <inheritdoc />
    public ValueTask<bool> SetSchedulePausedAsync(SetSchedulePausedRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session => session.Command("set_schedule_paused")
            .With("@name", request.Name).With("@paused", request.Paused ? 1 : 0).With("@now", SqliteTime.ToMicros(_time.GetUtcNow()))
            .ExecuteNonQuery() > 0));

    /// <inheritdoc />
    public ValueTask<AdvanceScheduleResult> AdvanceScheduleAsync(AdvanceScheduleRequest request, CancellationToken ct)
    {
        try
        {
            return ValueTask.FromResult(Write(session =>
            {
                var moved = session.Command("advance_schedule")
                    .With("@name", request.Name)
                    .With("@expected_cursor", request.ExpectedCursor is { } expected ? SqliteTime.ToMicros(expected) : null)
                    .With("@new_cursor", SqliteTime.ToMicros(request.NewCursor))
                    .With("@now", SqliteTime.ToMicros(_time.GetUtcNow()))
                    .ExecuteNonQuery() > 0;
                if (!moved)
                {
                    return new AdvanceScheduleResult(false, []);
                }

                // Same transaction as the cursor: the jobs are stored if and only if the cursor moved past their ticks, so
                // no tick is enqueued twice (the guard) or lost (an insert that fails rolls the cursor back too).
                var inserted = InsertRows(session.Command, request.Jobs, _time.GetUtcNow());
                return new AdvanceScheduleResult(true, [.. inserted.Jobs.Select(j => j.Id)]);
            }));
        }
        catch (SqliteException ex) when (SqliteDiskFull.Is(ex))
        {
            throw SqliteDiskFull.Explain(ex, Path, "the schedule's cursor did not move and nothing was enqueued");
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RecordScheduleRunAsync(RecordScheduleRunRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session => session.Command("record_schedule_run")
            .With("@name", request.Name).With("@tick", SqliteTime.ToMicros(request.Tick)).With("@state", (int)request.State)
            .With("@finished_at", SqliteTime.ToMicros(request.FinishedAt))
            .ExecuteNonQuery() > 0));

    /// <inheritdoc />
    public ValueTask<bool> DeleteScheduleAsync(DeleteScheduleRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session => session.Command("delete_schedule").With("@name", request.Name).ExecuteNonQuery() > 0));

    /// <summary>One <c>list_schedules</c> row, in its column order.</summary>
    private static StoredSchedule ReadSchedule(SqliteDataReader row) => new(
        new ScheduleDefinition
        {
            Name = row.GetString(0),
            Kind = row.GetString(1),
            Queue = row.GetString(2),
            Args = row.GetFieldValue<byte[]>(3),
            Cron = row.GetString(4),
            TimeZone = row.GetString(5),
            Misfire = (MisfirePolicy)row.GetInt32(6),
            MaxAttempts = row.GetInt32(7),
            Priority = row.GetInt32(8),
        },
        Paused: row.GetInt64(9) == 1,
        Cursor: row.IsDBNull(10) ? null : SqliteTime.FromMicros(row.GetInt64(10)))
    {
        LastRun = row.IsDBNull(11)
            ? null
            : new ScheduleRun(SqliteTime.FromMicros(row.GetInt64(11)), (JobState)row.GetInt32(12), SqliteTime.FromMicros(row.GetInt64(13))),
        LastSucceededTick = row.IsDBNull(14) ? null : SqliteTime.FromMicros(row.GetInt64(14)),
    };
}
