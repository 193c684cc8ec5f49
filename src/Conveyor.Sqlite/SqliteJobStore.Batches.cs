using System.Text.Json;
using Conveyor.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>
/// The batches of <see cref="SqliteJobStore"/>, in <c>conveyor_batches</c> and <c>conveyor_batch_jobs</c> (migration 6).
/// A batch is created in one transaction with its jobs and its held callback (the store's own <c>BEGIN IMMEDIATE</c>
/// one, or the caller's), and closed in one <c>BEGIN IMMEDIATE</c> transaction with the release or cancel of its
/// callback, so leaders in several processes close each batch once.
/// </summary>
public sealed partial class SqliteJobStore : IBatchStore
{
    private static readonly long HeldUntil = SqliteTime.ToMicros(BatchJobs.HeldUntil);

    /// <inheritdoc />
    public ValueTask<CreateBatchResult> CreateBatchAsync(CreateBatchRequest request, CancellationToken ct) =>
        ValueTask.FromResult(WriteOrJoin(request.Transaction, "no batch and none of its jobs was created", command =>
        {
            var missing = command("batch_missing_jobs").With("@job_ids", ToJson(request.ExistingJobIds)).ReadAll(row => row.GetInt64(0));
            if (missing.Count > 0)
            {
                return new CreateBatchResult(0, [], 0, missing);
            }

            var now = _time.GetUtcNow();
            var held = request.Callback with { ScheduledAt = BatchJobs.HeldUntil, UniqueKey = null };
            var inserted = InsertRows(command, [.. request.Jobs, held], now).Jobs;
            var ids = inserted.Take(request.Jobs.Count).Select(j => j.Id).ToList();
            var callback = inserted[^1].Id;
            List<long> members = [.. request.ExistingJobIds, .. ids];
            var batch = (long)command("batch_insert")
                .With("@callback_job_id", callback).With("@condition", (int)request.Condition).With("@total", members.Count)
                .With("@now", SqliteTime.ToMicros(now))
                .ExecuteScalar()!;
            command("batch_add_jobs").With("@batch_id", batch).With("@job_ids", ToJson(members)).ExecuteNonQuery();
            return new CreateBatchResult(batch, ids, callback, []);
        }));

    /// <inheritdoc />
    public ValueTask<CloseBatchesResult> CloseFinishedBatchesAsync(CloseBatchesRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session =>
        {
            var now = SqliteTime.ToMicros(_time.GetUtcNow());
            var closed = session.Command("batch_close").With("@now", now).With("@limit", request.Limit).ReadAll(row => (
                Id: row.GetInt64(0),
                Callback: row.GetInt64(1),
                Condition: (BatchCondition)row.GetInt32(2),
                Counts: new BatchCounts(row.GetInt32(3), row.GetInt32(4), row.GetInt32(5), row.GetInt32(6))));

            // Same transaction as the close above: a callback is settled if and only if its batch has just closed, and a
            // closed batch never reopens, so it is released at most once; a failure here leaves the batch open for the next call.
            return new CloseBatchesResult([.. closed.Select(b =>
                SettleCallback(session, b.Id, b.Callback, release: b.Condition == BatchCondition.AllFinished || b.Counts.AllSucceeded, now))]);
        }));

    /// <inheritdoc />
    public ValueTask<BatchRecord?> GetBatchAsync(GetBatchRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Read(session =>
        {
            var found = session.Command("batch_get").With("@batch_id", request.BatchId).With("@callback_job_id", request.CallbackJobId).ReadAll(BatchRows.Read);
            return found.Count == 0
                ? null
                : found[0] with { Jobs = session.Command("batch_jobs").With("@batch_id", found[0].Id).ReadAll(BatchRows.ReadMember) };
        }));

    /// <inheritdoc />
    public ValueTask<ListBatchesResult> ListBatchesAsync(ListBatchesRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Read(session => new ListBatchesResult(
            session.Command("batch_list").With("@open_only", request.OpenOnly ? 1 : 0).With("@limit", request.Limit).ReadAll(BatchRows.Read))));

    /// <inheritdoc />
    public ValueTask<DeleteFinalizedResult> DeleteClosedBatchesAsync(DeleteClosedBatchesRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session => new DeleteFinalizedResult(session.Command("batch_delete_closed")
            .With("@before", SqliteTime.ToMicros(request.ClosedBefore)).With("@limit", request.Limit)
            .ExecuteNonQuery())));

    /// <summary>Releases or cancels a just-closed batch's callback if it is still held; one not held is left as it is.</summary>
    private static ClosedBatch SettleCallback(SqliteSession session, long batch, long callback, bool release, long now)
    {
        var queue = session.Command("batch_settle_callback")
            .With("@id", callback).With("@release", release ? 1 : 0).With("@now", now).With("@held_until", HeldUntil)
            .ExecuteScalar();
        return queue is string settled
            ? new ClosedBatch(batch, callback, settled, release)
            : new ClosedBatch(batch, callback, session.Command("job_queue").With("@id", callback).ExecuteScalar() as string ?? "", Released: false);
    }

    private static string ToJson(IReadOnlyList<long> ids) => JsonSerializer.Serialize(ids, ConveyorJson.Options);
}
