using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>Maps between <c>conveyor_jobs</c> rows (column order of the SELECT/RETURNING lists) and <see cref="JobRecord"/>.</summary>
internal static class JobRows
{
    public static JobRecord Read(SqliteDataReader row) => new()
    {
        Id = row.GetInt64(0),
        Kind = row.GetString(1),
        Queue = row.GetString(2),
        Args = (byte[])row.GetValue(3),
        State = (JobState)row.GetInt32(4),
        Attempt = row.GetInt32(5),
        MaxAttempts = row.GetInt32(6),
        Priority = row.GetInt32(7),
        ScheduledAt = SqliteTime.FromMicros(row.GetInt64(8)),
        CreatedAt = SqliteTime.FromMicros(row.GetInt64(9)),
        AttemptedAt = Time(row, 10),
        FinalizedAt = Time(row, 11),
        LeaseOwner = row.IsDBNull(12) ? null : row.GetString(12),
        LeaseExpiresAt = Time(row, 13),
        UniqueKey = row.IsDBNull(14) ? null : row.GetString(14),
        Errors = JsonSerializer.Deserialize<List<AttemptError>>(row.GetString(15), ConveyorJson.Options) ?? [],
        Tags = JsonSerializer.Deserialize<List<string>>(row.GetString(16), ConveyorJson.Options) ?? [],
        CancelRequestedAt = Time(row, 17),
    };


    public static string ToJson(AttemptError error) => JsonSerializer.Serialize(error, ConveyorJson.Options);

    public static string ToJson(IReadOnlyList<string> tags) => JsonSerializer.Serialize(tags, ConveyorJson.Options);

    private static DateTimeOffset? Time(SqliteDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? null : SqliteTime.FromMicros(row.GetInt64(ordinal));
}
