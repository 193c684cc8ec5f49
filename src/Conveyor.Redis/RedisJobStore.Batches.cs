using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// Batches and continuations. A batch lives in the partition of its callback's queue: its hash, its list of jobs, the
/// partition's batch indexes and the callback → batch entry, so creating a batch with its callback, and closing it
/// with the callback's release, are each one script on one hash slot. Batch ids carry their partition as job ids do
/// (<see cref="RedisPartition"/>). Creating is in <c>RedisJobStore.BatchCreation.cs</c>, closing in <c>RedisJobStore.BatchClosing.cs</c>.
/// </summary>
public sealed partial class RedisJobStore : IBatchStore
{
    /// <summary>The field of a job's hash that a batch is closed by (<see cref="ReadJobFieldsAsync"/>).</summary>
    private static readonly RedisValue[] StateField = ["s"];

    /// <inheritdoc />
    /// <remarks>
    /// Reads the batch, then its jobs' states and results, pipelined (on a cluster, from the partitions of their
    /// queues): not one atomic read, so a job that changes meanwhile is shown as it was when read.
    /// </remarks>
    public async ValueTask<BatchRecord?> GetBatchAsync(GetBatchRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var id = request.BatchId != 0 ? request.BatchId : await BatchOfCallbackAsync(connection, request.CallbackJobId, ct).ConfigureAwait(false);
        if (id == 0 || await connection.Topology.OfJobAsync(id).ConfigureAwait(false) is not { } partition)
        {
            return null;
        }

        var hash = connection.Database.HashGetAllAsync(partition.Batch(id));
        var list = connection.Database.ListRangeAsync(partition.BatchJobs(id));
        if (BatchHashes.Read(await hash.WaitAsync(ct).ConfigureAwait(false)) is not { } batch)
        {
            return null;
        }

        var ids = (await list.WaitAsync(ct).ConfigureAwait(false)).Select(member => (long)member).ToList();
        var fields = await ReadJobFieldsAsync(connection, ids, ["s", "r"]).WaitAsync(ct).ConfigureAwait(false);
        return batch with { Jobs = [.. ids.Select((jobId, i) => Member(jobId, fields[i]))] };
    }

    /// <inheritdoc />
    /// <remarks>
    /// Newest first by creation time, then id. On a cluster each callback queue's partition is read and the pages
    /// merged; within one partition ids follow creation.
    /// </remarks>
    public async ValueTask<ListBatchesResult> ListBatchesAsync(ListBatchesRequest request, CancellationToken ct)
    {
        if (request.Limit <= 0)
        {
            return new ListBatchesResult([]);
        }

        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var batches = new List<BatchRecord>();
        foreach (var partition in await connection.Topology.WithBatchesAsync().ConfigureAwait(false))
        {
            var index = request.OpenOnly ? partition.OpenBatches : partition.Batches;
            var ids = await connection.Database.SortedSetRangeByRankAsync(index, 0, request.Limit - 1, Order.Descending).WaitAsync(ct).ConfigureAwait(false);
            var hashes = await Task.WhenAll(ids.Select(id => connection.Database.HashGetAllAsync(partition.Batch((long)id)))).WaitAsync(ct).ConfigureAwait(false);
            batches.AddRange(hashes.Select(BatchHashes.Read).OfType<BatchRecord>());
        }

        return new ListBatchesResult([.. batches.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id).Take(request.Limit)]);
    }

    /// <inheritdoc />
    /// <remarks>One script per partition deletes up to the rest of the limit, oldest closed first.</remarks>
    public async ValueTask<DeleteFinalizedResult> DeleteClosedBatchesAsync(DeleteClosedBatchesRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var deleted = 0;
        foreach (var partition in await connection.Topology.WithBatchesAsync().ConfigureAwait(false))
        {
            if (deleted >= request.Limit)
            {
                break;
            }

            deleted += (int)await connection.Scripts.RunAsync(
                "delete_closed_batches",
                [partition.ClosedBatches, partition.Batches, partition.BatchOfCallback],
                [partition.Base, Micros.Of(request.ClosedBefore), request.Limit - deleted],
                ct).ConfigureAwait(false);
        }

        return new DeleteFinalizedResult(deleted);
    }

    /// <summary>
    /// <paramref name="fields"/> of each job's hash, pipelined, grouped by partition; a job that is gone, or whose
    /// partition is unknown, gets null values.
    /// </summary>
    private static async Task<RedisValue[][]> ReadJobFieldsAsync(Connection connection, IReadOnlyList<long> ids, RedisValue[] fields)
    {
        var values = new Task<RedisValue[]>[ids.Count];
        Array.Fill(values, Task.FromResult(new RedisValue[fields.Length]));
        foreach (var (partition, indexes) in await connection.Topology.GroupByJobAsync(ids).ConfigureAwait(false))
        {
            foreach (var i in indexes)
            {
                values[i] = connection.Database.HashGetAsync(partition.Job(ids[i]), fields);
            }
        }

        return await Task.WhenAll(values).ConfigureAwait(false);
    }

    /// <summary>The id of the batch whose callback is <paramref name="callbackId"/>, or 0 when it is no batch's callback.</summary>
    private static async Task<long> BatchOfCallbackAsync(Connection connection, long callbackId, CancellationToken ct)
    {
        if (await connection.Topology.OfJobAsync(callbackId).ConfigureAwait(false) is not { } partition)
        {
            return 0;
        }

        var id = await connection.Database.HashGetAsync(partition.BatchOfCallback, callbackId).WaitAsync(ct).ConfigureAwait(false);
        return id.TryParse(out long batchId) ? batchId : 0;
    }

    /// <summary>A job of a batch from its hash's state and result fields.</summary>
    private static BatchMember Member(long id, RedisValue[] stateAndResult) =>
        // Typed null: a bare null would convert to an empty ReadOnlyMemory through byte[], not to no result.
        new(id, BatchHashes.State(stateAndResult[0]), stateAndResult[1].IsNullOrEmpty ? (ReadOnlyMemory<byte>?)null : (byte[])stateAndResult[1]!);
}
