using System.Data.Common;

namespace Conveyor.Storage;

/// <summary>Create a batch: insert its new jobs and its held callback, and record it over them and the existing jobs.</summary>
public sealed record CreateBatchRequest
{
    /// <summary>Jobs to insert as members, in order (unique keys apply: a duplicate's existing job becomes the member).</summary>
    public IReadOnlyList<NewJob> Jobs { get; init; } = [];

    /// <summary>Jobs already in the store that become members (a continuation's parents).</summary>
    public IReadOnlyList<long> ExistingJobIds { get; init; } = [];

    /// <summary>The callback; the store inserts it held (Scheduled at <see cref="BatchJobs.HeldUntil"/>, its own due time and unique key ignored).</summary>
    public required NewJob Callback { get; init; }

    /// <summary>When the callback runs.</summary>
    public required BatchCondition Condition { get; init; }

    /// <summary>The caller's open transaction to join (transactional enqueue); null for the store's own.</summary>
    public DbTransaction? Transaction { get; init; }
}

/// <summary>
/// The created batch, its new jobs' ids in order and its callback's id; or, when <see cref="MissingJobIds"/> is not
/// empty, nothing created (the other fields are zero or empty).
/// </summary>
public sealed record CreateBatchResult(long BatchId, IReadOnlyList<long> JobIds, long CallbackJobId, IReadOnlyList<long> MissingJobIds);

/// <summary>Close open batches whose jobs have all finished.</summary>
public sealed record CloseBatchesRequest
{
    /// <summary>At most this many batches in one call.</summary>
    public required int Limit { get; init; }
}

/// <summary>The batches this call closed.</summary>
public sealed record CloseBatchesResult(IReadOnlyList<ClosedBatch> Closed);

/// <summary>
/// A batch closed by this call, its callback's queue, and whether the callback was released (made Available) rather
/// than cancelled or left as someone had put it (for example cancelled by hand).
/// </summary>
public readonly record struct ClosedBatch(long BatchId, long CallbackJobId, string CallbackQueue, bool Released);

/// <summary>Find a batch by its id, or by its callback job's id.</summary>
public sealed record GetBatchRequest
{
    /// <summary>The batch's id; 0 to look up by <see cref="CallbackJobId"/>.</summary>
    public long BatchId { get; init; }

    /// <summary>The callback job's id, used when <see cref="BatchId"/> is 0.</summary>
    public long CallbackJobId { get; init; }
}

/// <summary>List batches newest first.</summary>
public sealed record ListBatchesRequest
{
    /// <summary>At most this many.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Only batches not closed yet.</summary>
    public bool OpenOnly { get; init; }
}

/// <summary>Batches, newest first; their <see cref="BatchRecord.Jobs"/> are empty.</summary>
public sealed record ListBatchesResult(IReadOnlyList<BatchRecord> Batches);

/// <summary>Delete batch records closed before a cutoff.</summary>
public sealed record DeleteClosedBatchesRequest
{
    /// <summary>Delete batches closed before this time.</summary>
    public required DateTimeOffset ClosedBefore { get; init; }

    /// <summary>At most this many in one call.</summary>
    public required int Limit { get; init; }
}
