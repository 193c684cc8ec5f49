using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>Maps <c>conveyor_batches</c> rows and the rows of a batch's jobs (column order of their SELECTs) to records.</summary>
internal static class BatchRows
{
    /// <summary>
    /// A <c>batch_get</c>/<c>batch_list</c> row: id, callback_job_id, condition, total, created_at, closed_at, then the four
    /// counts, which are set exactly when closed_at is.
    /// </summary>
    public static BatchRecord Read(SqliteDataReader row) => new()
    {
        Id = row.GetInt64(0),
        CallbackJobId = row.GetInt64(1),
        Condition = (BatchCondition)row.GetInt32(2),
        Total = row.GetInt32(3),
        CreatedAt = SqliteTime.FromMicros(row.GetInt64(4)),
        ClosedAt = row.IsDBNull(5) ? null : SqliteTime.FromMicros(row.GetInt64(5)),
        Counts = row.IsDBNull(5) ? null : new BatchCounts(row.GetInt32(6), row.GetInt32(7), row.GetInt32(8), row.GetInt32(9)),
    };

    /// <summary>
    /// A <c>batch_jobs</c> row: the job's id, state (NULL once deleted; one that names no state is shown as Discarded, as
    /// <see cref="JobRows"/> shows the job) and result, read as a blob whatever its storage class.
    /// </summary>
    public static BatchMember ReadMember(SqliteDataReader row) => new(
        row.GetInt64(0),
        row.IsDBNull(1) ? null : JobRows.KnownState(row, 1) ?? JobState.Discarded,
        row.IsDBNull(2) ? default(ReadOnlyMemory<byte>?) : row.GetFieldValue<byte[]>(2));
}
