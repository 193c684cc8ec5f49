using Conveyor.Storage;

namespace Conveyor.Testing;

/// <summary>The reference store's batches, under the same lock as its jobs.</summary>
public sealed partial class InMemoryJobStore : IBatchStore
{
    private readonly SortedDictionary<long, BatchRecord> _batches = [];
    private readonly Dictionary<long, long> _batchOfCallback = [];
    private long _nextBatchId;

    /// <inheritdoc />
    public ValueTask<CreateBatchResult> CreateBatchAsync(CreateBatchRequest request, CancellationToken ct)
    {
        if (request.Transaction is not null)
        {
            throw new NotSupportedException("The in-memory store cannot join a database transaction; transactional enqueue needs a SQL store.");
        }

        foreach (var job in request.Jobs.Append(request.Callback))
        {
            Validate(job);
        }

        lock (_gate)
        {
            var missing = request.ExistingJobIds.Where(id => !_jobs.ContainsKey(id)).ToList();
            if (missing.Count > 0)
            {
                return ValueTask.FromResult(new CreateBatchResult(0, [], 0, missing));
            }

            var now = _time.GetUtcNow();
            var ids = request.Jobs.Select(job => InsertOne(job, now).Id).ToList();
            var callback = InsertOne(request.Callback with { ScheduledAt = BatchJobs.HeldUntil, UniqueKey = null }, now).Id;
            var members = request.ExistingJobIds.Concat(ids).Select(id => new BatchMember(id, null, null)).ToList();
            var batch = new BatchRecord { Id = ++_nextBatchId, CallbackJobId = callback, Condition = request.Condition, Total = members.Count, CreatedAt = now, Jobs = members };
            _batches[batch.Id] = batch;
            _batchOfCallback[callback] = batch.Id;
            return ValueTask.FromResult(new CreateBatchResult(batch.Id, ids, callback, []));
        }
    }

    /// <inheritdoc />
    public ValueTask<CloseBatchesResult> CloseFinishedBatchesAsync(CloseBatchesRequest request, CancellationToken ct)
    {
        var closed = new List<ClosedBatch>();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var batch in _batches.Values.Where(b => b.ClosedAt is null).ToList())
            {
                if (closed.Count == request.Limit)
                {
                    break;
                }

                var states = batch.Jobs.Select(m => _jobs.TryGetValue(m.JobId, out var job) ? job.State : (JobState?)null).ToList();
                if (states.Any(s => s is { } state && !state.IsFinal()))
                {
                    continue;
                }

                var counts = new BatchCounts(
                    states.Count(s => s == JobState.Completed),
                    states.Count(s => s == JobState.Discarded),
                    states.Count(s => s == JobState.Cancelled),
                    states.Count(s => s is null));
                _batches[batch.Id] = batch with { ClosedAt = now, Counts = counts };
                closed.Add(CloseCallback(batch, counts, now));
            }
        }

        return ValueTask.FromResult(new CloseBatchesResult(closed));
    }

    /// <inheritdoc />
    public ValueTask<BatchRecord?> GetBatchAsync(GetBatchRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var id = request.BatchId != 0 ? request.BatchId : _batchOfCallback.GetValueOrDefault(request.CallbackJobId);
            if (!_batches.TryGetValue(id, out var batch))
            {
                return ValueTask.FromResult<BatchRecord?>(null);
            }

            var members = batch.Jobs
                .Select(m => _jobs.TryGetValue(m.JobId, out var job) ? new BatchMember(m.JobId, job.State, job.Result) : m)
                .ToList();
            return ValueTask.FromResult<BatchRecord?>(batch with { Jobs = members });
        }
    }

    /// <inheritdoc />
    public ValueTask<ListBatchesResult> ListBatchesAsync(ListBatchesRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var batches = _batches.Values.Reverse()
                .Where(b => !request.OpenOnly || b.ClosedAt is null)
                .Take(request.Limit)
                .Select(b => b with { Jobs = [] })
                .ToList();
            return ValueTask.FromResult(new ListBatchesResult(batches));
        }
    }

    /// <inheritdoc />
    public ValueTask<DeleteFinalizedResult> DeleteClosedBatchesAsync(DeleteClosedBatchesRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var old = _batches.Values.Where(b => b.ClosedAt < request.ClosedBefore).Take(request.Limit).ToList();
            foreach (var batch in old)
            {
                _batches.Remove(batch.Id);
                _batchOfCallback.Remove(batch.CallbackJobId);
            }

            return ValueTask.FromResult(new DeleteFinalizedResult(old.Count));
        }
    }

    /// <summary>Releases the held callback when the condition holds and cancels it when not; a callback not held is left as it is.</summary>
    private ClosedBatch CloseCallback(BatchRecord batch, BatchCounts counts, DateTimeOffset now)
    {
        if (!_jobs.TryGetValue(batch.CallbackJobId, out var callback) || !BatchJobs.IsHeld(callback))
        {
            return new ClosedBatch(batch.Id, batch.CallbackJobId, callback?.Queue ?? "", Released: false);
        }

        var release = batch.Condition == BatchCondition.AllFinished || counts.AllSucceeded;
        Replace(callback, release
            ? callback with { State = JobState.Available, ScheduledAt = now }
            : callback with { State = JobState.Cancelled, FinalizedAt = now });
        return new ClosedBatch(batch.Id, batch.CallbackJobId, callback.Queue, release);
    }
}
