using System.Text.Json;
using Conveyor.Runtime;
using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>
/// Maps between <c>conveyor_jobs</c> rows (column order of the SELECT/RETURNING lists) and <see cref="JobRecord"/>.
/// SQLite keeps any value in any column, so a row written around the store (by hand, by another program) can hold
/// text where a number belongs or JSON that is not Conveyor's. Reading such a row never throws: the id, which every
/// guard needs, is always an integer (the primary key), and the fields that cannot be read keep a default and are
/// named in <see cref="JobRecord.DecodeError"/>, so the worker discards the job instead of the fetch failing for every
/// job claimed with it (again on every lease sweep).
/// </summary>
internal static class JobRows
{
    public static JobRecord Read(SqliteDataReader row)
    {
        string? problems = null;
        var job = new JobRecord
        {
            Id = row.GetInt64(0),
            Kind = row.GetString(1),
            Queue = row.GetString(2),
            // Read as a blob whatever its storage class: TEXT arguments are their UTF-8 bytes.
            Args = row.GetFieldValue<byte[]>(3),
            State = State(row, ref problems),
            Attempt = Int32(row, 5, "attempt", ref problems),
            MaxAttempts = Int32(row, 6, "max_attempts", ref problems),
            Priority = Int32(row, 7, "priority", ref problems),
            ScheduledAt = Time(row, 8, "scheduled_at", ref problems) ?? DateTimeOffset.UnixEpoch,
            CreatedAt = Time(row, 9, "created_at", ref problems) ?? DateTimeOffset.UnixEpoch,
            AttemptedAt = Time(row, 10, "attempted_at", ref problems),
            FinalizedAt = Time(row, 11, "finalized_at", ref problems),
            LeaseOwner = row.IsDBNull(12) ? null : row.GetString(12),
            LeaseExpiresAt = Time(row, 13, "lease_expires_at", ref problems),
            UniqueKey = row.IsDBNull(14) ? null : row.GetString(14),
            Errors = StoredJobJson.Errors(row.GetString(15), "errors", ref problems),
            Tags = StoredJobJson.Tags(row.GetString(16), "tags", ref problems),
            CancelRequestedAt = Time(row, 17, "cancel_requested_at", ref problems),
            Progress = Progress(row, ref problems),
            // Read as a blob whatever its storage class, like the arguments. A bare null here would become an empty
            // ReadOnlyMemory (through its conversion from byte[]), not "no result".
            Result = row.IsDBNull(21) ? default(ReadOnlyMemory<byte>?) : row.GetFieldValue<byte[]>(21),
            TraceParent = row.IsDBNull(22) ? null : row.GetString(22),
            OrderingKey = row.IsDBNull(23) ? null : row.GetString(23),
        };
        return problems is null ? job : job with { DecodeError = problems };
    }

    public static string ToJson(AttemptError error) => JsonSerializer.Serialize(error, ConveyorJson.Options);

    public static string ToJson(IReadOnlyList<string> tags) => JsonSerializer.Serialize(tags, ConveyorJson.Options);

    /// <summary>The job state in column <paramref name="ordinal"/>, or null when the value names none.</summary>
    public static JobState? KnownState(SqliteDataReader row, int ordinal) =>
        Integer(row, ordinal) is { } state && state == (int)state && Enum.IsDefined((JobState)(int)state) ? (JobState)(int)state : null;

    /// <summary>A state the row cannot name is shown as Discarded: no fetch (<c>state = 0</c>) will ever take the job.</summary>
    private static JobState State(SqliteDataReader row, ref string? problems)
    {
        if (KnownState(row, 4) is { } state)
        {
            return state;
        }

        StoredJobJson.Note(ref problems, "state", $"{Shown(row, 4)} is not a job state");
        return JobState.Discarded;
    }

    /// <summary>The latest report (columns 18 to 20), or null when the attempt has made none (no percent).</summary>
    private static JobProgress? Progress(SqliteDataReader row, ref string? problems) =>
        row.IsDBNull(18)
            ? null
            : new JobProgress(
                Int32(row, 18, "progress_percent", ref problems),
                row.IsDBNull(19) ? null : row.GetString(19),
                Time(row, 20, "progress_at", ref problems) ?? DateTimeOffset.UnixEpoch);

    private static int Int32(SqliteDataReader row, int ordinal, string column, ref string? problems)
    {
        if (Integer(row, ordinal) is >= int.MinValue and <= int.MaxValue and var value)
        {
            return (int)value;
        }

        StoredJobJson.Note(ref problems, column, $"{Shown(row, ordinal)} is not a 32-bit integer");
        return 0;
    }

    private static DateTimeOffset? Time(SqliteDataReader row, int ordinal, string column, ref string? problems)
    {
        if (row.IsDBNull(ordinal))
        {
            return null;
        }

        if (Integer(row, ordinal) is { } micros && SqliteTime.TryFromMicros(micros, out var time))
        {
            return time;
        }

        StoredJobJson.Note(ref problems, column, $"{Shown(row, ordinal)} is not a time in Unix microseconds");
        return null;
    }

    /// <summary>The value if SQLite stores it as an INTEGER (it never refuses text or a real in an INTEGER column).</summary>
    private static long? Integer(SqliteDataReader row, int ordinal) =>
        row.GetFieldType(ordinal) == typeof(long) ? row.GetInt64(ordinal) : null;

    private static string Shown(SqliteDataReader row, int ordinal) => row.GetValue(ordinal) switch
    {
        DBNull => "NULL",
        byte[] blob => $"a {blob.Length}-byte blob",
        var value => $"'{Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}'",
    };
}
