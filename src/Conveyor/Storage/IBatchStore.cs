namespace Conveyor.Storage;

/// <summary>
/// Batches and continuations, kept in the store. A batch is a set of jobs and one callback job. The callback is
/// inserted with the batch, held (Scheduled at <see cref="BatchJobs.HeldUntil"/>) until every job of the batch has
/// finished; the elected leader then closes the batch (<see cref="CloseFinishedBatchesAsync"/>), which releases the
/// callback or, when its condition does not hold, cancels it, in one atomic step guarded by the batch being open: a
/// callback is released at most once, and because a closed batch is never reopened and an open one is closed by the
/// next leader, it is never lost when a worker or the leader dies.
/// </summary>
public interface IBatchStore
{
    /// <summary>
    /// Inserts the batch's new jobs and its held callback and records the batch over them and the existing jobs it
    /// names, all or nothing. When an existing job does not exist, nothing is created and the result says which.
    /// </summary>
    ValueTask<CreateBatchResult> CreateBatchAsync(CreateBatchRequest request, CancellationToken ct);

    /// <summary>
    /// Closes up to <see cref="CloseBatchesRequest.Limit"/> open batches none of whose jobs is unfinished (Available,
    /// Scheduled, Running or Retryable): counts the final states of their jobs (a deleted job counts as deleted), then,
    /// if the callback is still held, makes it Available now when the batch's condition holds and Cancelled when it does
    /// not. Each batch closes once, however many callers race.
    /// </summary>
    ValueTask<CloseBatchesResult> CloseFinishedBatchesAsync(CloseBatchesRequest request, CancellationToken ct);

    /// <summary>One batch with the state and result of each of its jobs, found by its id or by its callback's id; null if none.</summary>
    ValueTask<BatchRecord?> GetBatchAsync(GetBatchRequest request, CancellationToken ct);

    /// <summary>Batches, newest first, without their jobs' states.</summary>
    ValueTask<ListBatchesResult> ListBatchesAsync(ListBatchesRequest request, CancellationToken ct);

    /// <summary>Deletes closed batches (the records, never jobs) closed before a cutoff, in small batches.</summary>
    ValueTask<DeleteFinalizedResult> DeleteClosedBatchesAsync(DeleteClosedBatchesRequest request, CancellationToken ct);
}
