using System.Text.Json;
using Conveyor.Runtime;
using Npgsql;

namespace Conveyor.Postgres;

/// <summary>Maps between <c>jobs</c> rows (column order of the SELECT/RETURNING lists) and <see cref="JobRecord"/>.</summary>
internal static class JobRows
{
    public static Task<List<JobRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct) => command.ReadAllAsync(Read, ct);

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

    /// <summary>
    /// The columns are typed and the schema checks the state, so only the JSON and arrays beside the arguments, and
    /// times PostgreSQL can hold but .NET cannot, may be unreadable. Those keep a default and are named in
    /// <see cref="JobRecord.DecodeError"/>: the worker discards the job instead of the fetch failing for every job
    /// claimed with it (again on every lease sweep).
    /// </summary>
    private static JobRecord Read(NpgsqlDataReader row)
    {
        string? problems = null;
        var job = new JobRecord
        {
            Id = row.GetInt64(0),
            Kind = row.GetString(1),
            Queue = row.GetString(2),
            Args = row.GetFieldValue<byte[]>(3),
            State = JobStates.ParseWireName(row.GetString(4)),
            Attempt = row.GetInt32(5),
            MaxAttempts = row.GetInt32(6),
            Priority = row.GetInt32(7),
            ScheduledAt = Time(row, 8, ref problems) ?? DateTimeOffset.UnixEpoch,
            CreatedAt = Time(row, 9, ref problems) ?? DateTimeOffset.UnixEpoch,
            AttemptedAt = Time(row, 10, ref problems),
            FinalizedAt = Time(row, 11, ref problems),
            LeaseOwner = row.IsDBNull(12) ? null : row.GetString(12),
            LeaseExpiresAt = Time(row, 13, ref problems),
            UniqueKey = row.IsDBNull(14) ? null : row.GetString(14),
            Errors = StoredJobJson.Errors(row.GetString(15), "errors", ref problems),
            Tags = Tags(row, ref problems),
            CancelRequestedAt = Time(row, 17, ref problems),
            Progress = Progress(row, ref problems),
            Result = row.IsDBNull(21) ? (ReadOnlyMemory<byte>?)null : row.GetFieldValue<byte[]>(21),
            TraceParent = row.IsDBNull(22) ? null : row.GetString(22),
            OrderingKey = row.IsDBNull(23) ? null : row.GetString(23),
        };
        return problems is null ? job : job with { DecodeError = problems };
    }

    /// <summary>The progress columns (set together, or all NULL) as one <see cref="JobProgress"/>.</summary>
    private static JobProgress? Progress(NpgsqlDataReader row, ref string? problems) =>
        row.IsDBNull(18)
            ? null
            : new JobProgress(row.GetInt16(18), row.IsDBNull(19) ? null : row.GetString(19), Time(row, 20, ref problems) ?? DateTimeOffset.UnixEpoch);

    private static IReadOnlyList<string> Tags(NpgsqlDataReader row, ref string? problems)
    {
        string?[] tags;
        try
        {
            tags = row.GetFieldValue<string?[]>(16);
        }
        catch (InvalidCastException ex)
        {
            StoredJobJson.Note(ref problems, "tags", $"not a one-dimensional text array ({ex.Message})");
            return [];
        }

        if (Array.IndexOf(tags, null) < 0)
        {
            return tags!;
        }

        StoredJobJson.Note(ref problems, "tags", "NULL elements left out");
        return [.. tags.OfType<string>()];
    }

    private static string? WithoutNul(string? text) => text?.Replace('\0', '\uFFFD');

    /// <summary>A nullable time column; null also when the row holds a time .NET cannot (a malformed row: listings leave it out rather than fail).</summary>
    public static DateTimeOffset? TimeOrNull(NpgsqlDataReader row, int ordinal)
    {
        string? problems = null;
        return Time(row, ordinal, ref problems);
    }

    private static DateTimeOffset? Time(NpgsqlDataReader row, int ordinal, ref string? problems)
    {
        if (row.IsDBNull(ordinal))
        {
            return null;
        }

        try
        {
            return row.GetFieldValue<DateTimeOffset>(ordinal);
        }
        catch (Exception ex) when (ex is InvalidCastException or ArgumentOutOfRangeException)
        {
            StoredJobJson.Note(ref problems, row.GetName(ordinal), $"a time .NET cannot hold ({ex.Message})");
            return null;
        }
    }
}
