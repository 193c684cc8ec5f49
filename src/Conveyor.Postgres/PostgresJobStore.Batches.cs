using System.Data;
using Conveyor.Storage;
using Npgsql;

namespace Conveyor.Postgres;

/// <summary>
/// Batches and continuations of <see cref="PostgresJobStore"/>: each batch a row of <c>batches</c>, its jobs rows of
/// <c>batch_jobs</c>, its callback a held row of <c>jobs</c>. A batch and its jobs are created in one transaction, and
/// a batch is closed, and its callback released, in one statement guarded by the batch still being open.
/// </summary>
public sealed partial class PostgresJobStore : IBatchStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One READ COMMITTED transaction, the caller's when <see cref="CreateBatchRequest.Transaction"/> is given (then
    /// the batch and its jobs exist only if it commits): the existing jobs are looked up first, so nothing is written
    /// when one is missing; then the new jobs and the held callback are inserted by the statements of
    /// <see cref="InsertAsync"/> (one INSERT for all of them, unique keys as there), and the batch recorded over them.
    /// </remarks>
    /// <exception cref="ArgumentException">The transaction is not an <see cref="NpgsqlTransaction"/>.</exception>
    /// <exception cref="InvalidOperationException">The caller's transaction has already committed or rolled back.</exception>
    public async ValueTask<CreateBatchResult> CreateBatchAsync(CreateBatchRequest request, CancellationToken ct)
    {
        if (request.Transaction is { } transaction)
        {
            return await CreateBatchAsync(request, CallersTransaction(transaction), ct).ConfigureAwait(false);
        }

        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var own = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
        var created = await CreateBatchAsync(request, own, ct).ConfigureAwait(false);
        if (created.MissingJobIds.Count == 0)
        {
            await own.CommitAsync(ct).ConfigureAwait(false);
        }

        return created;
    }

    /// <inheritdoc />
    /// <remarks>One statement (<c>close_batches.sql</c>): the close and the callback's release or cancel commit together.</remarks>
    public async ValueTask<CloseBatchesResult> CloseFinishedBatchesAsync(CloseBatchesRequest request, CancellationToken ct)
    {
        if (request.Limit <= 0)
        {
            return new CloseBatchesResult([]);
        }

        await using var command = CloseBatchesCommand(request);
        return new CloseBatchesResult(await command.ReadAllAsync(
            row => new ClosedBatch(row.GetInt64(0), row.GetInt64(1), row.GetString(2), Released: row.GetBoolean(3)), ct).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask<BatchRecord?> GetBatchAsync(GetBatchRequest request, CancellationToken ct)
    {
        await using var command = Command("get_batch").With("batch_id", request.BatchId).With("callback_job_id", request.CallbackJobId);
        return await BatchRows.ReadWithJobsAsync(command, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ListBatchesResult> ListBatchesAsync(ListBatchesRequest request, CancellationToken ct)
    {
        await using var command = Command("list_batches").With("limit", request.Limit).With("open_only", request.OpenOnly);
        return new ListBatchesResult(await BatchRows.ReadAllAsync(command, ct).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask<DeleteFinalizedResult> DeleteClosedBatchesAsync(DeleteClosedBatchesRequest request, CancellationToken ct)
    {
        await using var command = Command("delete_closed_batches").With("before", request.ClosedBefore).With("limit", request.Limit);
        return new DeleteFinalizedResult((int)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!);
    }

    /// <summary>The closing statement for <paramref name="request"/> (tests explain its plan).</summary>
    internal NpgsqlCommand CloseBatchesCommand(CloseBatchesRequest request) =>
        Command("close_batches")
            .With("limit", request.Limit)
            .With("held_until", BatchJobs.HeldUntil)
            .With("channel", _sql.Channel);

    /// <summary>Creates the batch in <paramref name="transaction"/>, which the caller commits; writes nothing when an existing job is missing.</summary>
    private async Task<CreateBatchResult> CreateBatchAsync(CreateBatchRequest request, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var missing = await MissingJobsAsync(request.ExistingJobIds, transaction, ct).ConfigureAwait(false);
        if (missing.Count > 0)
        {
            return new CreateBatchResult(0, [], 0, missing);
        }

        // The callback waits at HeldUntil, which no promotion ever reaches, until close_batches.sql releases it; a
        // unique key would let a duplicate stand in for it, so it has none.
        var callback = request.Callback with { ScheduledAt = BatchJobs.HeldUntil, UniqueKey = null };
        var inserted = await InsertAsync(new InsertJobsRequest { Jobs = [.. request.Jobs, callback], Transaction = transaction }, ct).ConfigureAwait(false);
        var jobIds = inserted.Jobs.Take(request.Jobs.Count).Select(j => j.Id).ToList();
        var callbackId = inserted.Jobs[^1].Id;
        await using var command = Command("create_batch", transaction)
            .With("callback_job_id", callbackId)
            .With("condition", BatchRows.ToWireName(request.Condition))
            .With("job_ids", request.ExistingJobIds.Concat(jobIds).ToArray());
        var batchId = (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        return new CreateBatchResult(batchId, jobIds, callbackId, []);
    }

    private async Task<List<long>> MissingJobsAsync(IReadOnlyList<long> ids, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var command = Command("missing_jobs", transaction).With("ids", ids.ToArray());
        return await command.ReadAllAsync(row => row.GetInt64(0), ct).ConfigureAwait(false);
    }
}
