using System.Text.Json;
using Npgsql;

namespace Conveyor.Postgres;

/// <summary>Maps between <c>jobs</c> rows (column order of the SELECT/RETURNING lists) and <see cref="JobRecord"/>.</summary>
internal static class JobRows
{
    private const string NoErrors = "[]";

    public static async Task<List<JobRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var jobs = new List<JobRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            jobs.Add(Read(reader));
        }

        return jobs;
    }

    /// <summary>
    /// The error as JSON for the <c>errors</c> jsonb column. PostgreSQL text cannot hold U+0000, so any in the texts
    /// becomes U+FFFD: one odd exception message must not make a whole batch of completions fail.
    /// </summary>
    public static string ToJson(AttemptError error) => JsonSerializer.Serialize(
        error with
        {
            ExceptionType = WithoutNul(error.ExceptionType)!,
            Message = WithoutNul(error.Message)!,
            StackTrace = WithoutNul(error.StackTrace),
            Worker = WithoutNul(error.Worker),
        },
        ConveyorJson.Options);

    private static JobRecord Read(NpgsqlDataReader row) => new()
    {
        Id = row.GetInt64(0),
        Kind = row.GetString(1),
        Queue = row.GetString(2),
        Args = row.GetFieldValue<byte[]>(3),
        State = JobStates.ParseWireName(row.GetString(4)),
        Attempt = row.GetInt32(5),
        MaxAttempts = row.GetInt32(6),
        Priority = row.GetInt32(7),
        ScheduledAt = row.GetFieldValue<DateTimeOffset>(8),
        CreatedAt = row.GetFieldValue<DateTimeOffset>(9),
        AttemptedAt = Time(row, 10),
        FinalizedAt = Time(row, 11),
        LeaseOwner = row.IsDBNull(12) ? null : row.GetString(12),
        LeaseExpiresAt = Time(row, 13),
        UniqueKey = row.IsDBNull(14) ? null : row.GetString(14),
        Errors = Errors(row.GetString(15)),
        Tags = row.GetFieldValue<string[]>(16),
        CancelRequestedAt = Time(row, 17),
    };

    private static IReadOnlyList<AttemptError> Errors(string json) =>
        json == NoErrors ? [] : JsonSerializer.Deserialize<List<AttemptError>>(json, ConveyorJson.Options) ?? [];

    private static string? WithoutNul(string? text) => text?.Replace('\0', '\uFFFD');

    private static DateTimeOffset? Time(NpgsqlDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? null : row.GetFieldValue<DateTimeOffset>(ordinal);
}
