using Conveyor.Diagnostics;
using Conveyor.Storage;

namespace Conveyor;

/// <summary>The client's batches and continuations.</summary>
public sealed partial class JobClient
{
    /// <inheritdoc />
    public async ValueTask<EnqueuedBatch> EnqueueBatchAsync(JobBatch batch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var callback = batch.Callback ?? throw new ArgumentException("A batch needs a callback: call Then(...) before enqueueing it.", nameof(batch));
        var total = batch.Jobs.Count + batch.ExistingJobIds.Count;
        if (total == 0 || total > BatchJobs.MaxJobs)
        {
            throw new ArgumentException($"A batch has 1 to {BatchJobs.MaxJobs:N0} jobs; this one has {total:N0}. Split a larger fan-out into several batches.", nameof(batch));
        }

        List<NewJob> jobs = [.. batch.Jobs.Select(j => Build(j.Kind, j.Json, j.Options, j.Encrypt)), Build(callback.Kind, callback.Json, callback.Options, callback.Encrypt)];
        using var activity = ConveyorTracing.StartEnqueue(jobs);
        jobs = ConveyorTracing.WithTraceParent(jobs, activity);
        var request = new CreateBatchRequest
        {
            Jobs = jobs[..^1],
            ExistingJobIds = batch.ExistingJobIds,
            Callback = jobs[^1],
            Condition = batch.Condition,
            Transaction = batch.Transaction,
        };
        var created = await Batches.CreateBatchAsync(request, ct).ConfigureAwait(false);
        if (created.MissingJobIds.Count > 0)
        {
            throw new ArgumentException($"The batch was not created: no job has the id {string.Join(", ", created.MissingJobIds)}.", nameof(batch));
        }

        _metrics?.Enqueued(request.Jobs.Append(request.Callback));
        if (batch.Transaction is null)
        {
            Wake(request.Jobs);
        }

        return new EnqueuedBatch(created.BatchId, created.JobIds, created.CallbackJobId);
    }

    /// <inheritdoc />
    public async ValueTask<long> ContinueWithAsync<TArgs>(long parentJobId, TArgs args, BatchCondition when = BatchCondition.AllSucceeded, EnqueueOptions? options = null, CancellationToken ct = default)
        where TArgs : IJobArgs
    {
        var batch = new JobBatch { Transaction = options?.Transaction }.AddExisting(parentJobId).Then(args, when, options);
        return (await EnqueueBatchAsync(batch, ct).ConfigureAwait(false)).CallbackJobId;
    }

    private IBatchStore Batches =>
        _store as IBatchStore ?? throw new NotSupportedException($"The {_store.Capabilities.Name} store keeps no batches.");
}
