using Npgsql;

namespace Conveyor.Postgres;

/// <summary>
/// Maps <c>batches</c> rows (the column order of <c>list_batches.sql</c>, which <c>get_batch.sql</c> follows with each
/// job's id, state and result) to <see cref="BatchRecord"/>, and conditions to their stored names.
/// </summary>
internal static class BatchRows
{
    /// <summary>Every batch <paramref name="command"/> returns, without jobs.</summary>
    public static Task<List<BatchRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct) => command.ReadAllAsync(Read, ct);

    /// <summary>The batch of <paramref name="command"/>'s rows (one per job, in order) with its jobs, or null when there is none.</summary>
    public static async Task<BatchRecord?> ReadWithJobsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        var batch = Read(reader);
        var jobs = new List<BatchMember>(batch.Total);
        do
        {
            if (!reader.IsDBNull(10))
            {
                jobs.Add(new BatchMember(
                    reader.GetInt64(10),
                    reader.IsDBNull(11) ? null : JobStates.ParseWireName(reader.GetString(11)),
                    reader.IsDBNull(12) ? (ReadOnlyMemory<byte>?)null : reader.GetFieldValue<byte[]>(12)));
            }
        }
        while (await reader.ReadAsync(ct).ConfigureAwait(false));

        return batch with { Jobs = jobs };
    }

    /// <summary>The stored name of a condition; the table's CHECK admits exactly these.</summary>
    public static string ToWireName(BatchCondition condition) => condition switch
    {
        BatchCondition.AllFinished => "all_finished",
        BatchCondition.AllSucceeded => "all_succeeded",
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Unknown batch condition."),
    };

    private static BatchRecord Read(NpgsqlDataReader row) => new()
    {
        Id = row.GetInt64(0),
        CallbackJobId = row.GetInt64(1),
        Condition = ParseWireName(row.GetString(2)),
        Total = row.GetInt32(3),
        CreatedAt = row.GetFieldValue<DateTimeOffset>(4),
        ClosedAt = row.IsDBNull(5) ? null : row.GetFieldValue<DateTimeOffset>(5),
        Counts = row.IsDBNull(6) ? null : new BatchCounts(row.GetInt32(6), row.GetInt32(7), row.GetInt32(8), row.GetInt32(9)),
    };

    private static BatchCondition ParseWireName(string name) => name switch
    {
        "all_finished" => BatchCondition.AllFinished,
        "all_succeeded" => BatchCondition.AllSucceeded,
        _ => throw new InvalidOperationException($"'{name}' is not a batch condition; expected all_finished or all_succeeded."),
    };
}
