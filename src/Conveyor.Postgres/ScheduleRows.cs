using Conveyor.Storage;
using Npgsql;

namespace Conveyor.Postgres;

/// <summary>
/// Maps between <c>schedules</c> rows and <see cref="StoredSchedule"/>: the parallel arrays <c>save_schedules.sql</c>
/// unnests, and the columns of <c>list_schedules.sql</c> in order.
/// </summary>
internal static class ScheduleRows
{
    /// <summary>Binds @names @kinds @queues @args @crons @time_zones @misfires @max_attempts @priorities.</summary>
    public static NpgsqlCommand Bind(NpgsqlCommand command, IReadOnlyList<ScheduleDefinition> schedules) =>
        command
            .With("names", schedules.Select(s => s.Name).ToArray())
            .With("kinds", schedules.Select(s => s.Kind).ToArray())
            .With("queues", schedules.Select(s => s.Queue).ToArray())
            .With("args", schedules.Select(s => s.Args.ToArray()).ToArray())
            .With("crons", schedules.Select(s => s.Cron).ToArray())
            .With("time_zones", schedules.Select(s => s.TimeZone).ToArray())
            .With("misfires", schedules.Select(s => ToWireName(s.Misfire)).ToArray())
            .With("max_attempts", schedules.Select(s => s.MaxAttempts).ToArray())
            .With("priorities", schedules.Select(s => s.Priority).ToArray());

    /// <summary>Reads every row of <paramref name="command"/>.</summary>
    public static Task<List<StoredSchedule>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct) => command.ReadAllAsync(Read, ct);

    private static StoredSchedule Read(NpgsqlDataReader row) => new(
        new ScheduleDefinition
        {
            Name = row.GetString(0),
            Kind = row.GetString(1),
            Queue = row.GetString(2),
            Args = row.GetFieldValue<byte[]>(3),
            Cron = row.GetString(4),
            TimeZone = row.GetString(5),
            Misfire = ParseWireName(row.GetString(6)),
            MaxAttempts = row.GetInt32(7),
            Priority = row.GetInt32(8),
        },
        Paused: row.GetBoolean(9),
        Cursor: row.IsDBNull(10) ? null : row.GetFieldValue<DateTimeOffset>(10))
    {
        LastRun = row.IsDBNull(11)
            ? null
            : new ScheduleRun(row.GetFieldValue<DateTimeOffset>(11), JobStates.ParseWireName(row.GetString(12)), row.GetFieldValue<DateTimeOffset>(13)),
        LastSucceededTick = row.IsDBNull(14) ? null : row.GetFieldValue<DateTimeOffset>(14),
    };

    /// <summary>The stored name of a misfire policy; the table's CHECK admits exactly these.</summary>
    private static string ToWireName(MisfirePolicy misfire) => misfire switch
    {
        MisfirePolicy.RunOnce => "run_once",
        MisfirePolicy.RunAll => "run_all",
        MisfirePolicy.Skip => "skip",
        _ => throw new ArgumentOutOfRangeException(nameof(misfire), misfire, "Unknown misfire policy."),
    };

    private static MisfirePolicy ParseWireName(string name) => name switch
    {
        "run_once" => MisfirePolicy.RunOnce,
        "run_all" => MisfirePolicy.RunAll,
        "skip" => MisfirePolicy.Skip,
        _ => throw new InvalidOperationException($"'{name}' is not a misfire policy; expected run_once, run_all or skip."),
    };
}
