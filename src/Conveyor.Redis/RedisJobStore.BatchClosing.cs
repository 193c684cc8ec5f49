using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// Closing batches. The states of a batch's jobs are read outside any script (on a cluster they live in the slots of
/// their queues): a final state leaves final only by an operator's retry, so a batch read finished stays finished.
/// One script on the batch's slot then closes it and releases or cancels its callback, guarded by the batch still
/// being open: of any number of racing closers one closes it, and its callback is released at most once.
/// </summary>
public sealed partial class RedisJobStore
{
    /// <summary>How many open batches one read of a partition's open index returns.</summary>
    private const int OpenBatchPage = 256;

    /// <summary>The most job states read at once while walking an open batch's jobs from where its last closer stopped.</summary>
    private const int MaxWalkChunk = 1024;

    /// <inheritdoc />
    /// <remarks>
    /// An open batch costs its closer, each call, the state of the first job it has not yet seen finished: the batch's
    /// hash remembers how many of its jobs, in order, were seen finished (<c>s</c>), and a walk reads on from there in
    /// growing chunks until it meets an unfinished job. Only when every job was seen finished are all their states read
    /// once more, for the counts, before the batch is closed. With no open batch a call is one script on a single server,
    /// and on a cluster one read of the callback queues' set plus one script per callback queue.
    /// </remarks>
    public async ValueTask<CloseBatchesResult> CloseFinishedBatchesAsync(CloseBatchesRequest request, CancellationToken ct)
    {
        var closed = new List<ClosedBatch>();
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        foreach (var partition in await connection.Topology.WithBatchesAsync().ConfigureAwait(false))
        {
            var after = 0L;
            while (closed.Count < request.Limit)
            {
                var page = await ReadOpenBatchesAsync(connection, partition, after, ct).ConfigureAwait(false);
                var counts = await Task.WhenAll(page.Select(batch => CountIfFinishedAsync(connection, partition, batch))).WaitAsync(ct).ConfigureAwait(false);
                for (var i = 0; i < page.Count && closed.Count < request.Limit; i++)
                {
                    if (counts[i] is { } finished && await CloseAsync(connection, partition, page[i].Id, finished, ct).ConfigureAwait(false) is { } batch)
                    {
                        closed.Add(batch);
                    }
                }

                if (page.Count < OpenBatchPage)
                {
                    break;
                }

                after = page[^1].Id;
            }
        }

        return new CloseBatchesResult(closed);
    }

    /// <summary>A page of a partition's open batches after id <paramref name="after"/>, as <c>open_batches.lua</c> returns them.</summary>
    private static async Task<List<OpenBatch>> ReadOpenBatchesAsync(Connection connection, RedisPartition partition, long after, CancellationToken ct)
    {
        var reply = (RedisResult[])(await connection.Scripts.RunAsync("open_batches", [partition.OpenBatches], [partition.Base, after, OpenBatchPage], ct).ConfigureAwait(false))!;
        var page = new List<OpenBatch>(reply.Length / 4);
        for (var i = 0; i + 3 < reply.Length; i += 4)
        {
            page.Add(new OpenBatch((long)reply[i], (int)reply[i + 1], (int)reply[i + 2], (RedisValue)reply[i + 3]));
        }

        return page;
    }

    /// <summary>
    /// The counts of the batch's jobs when all have finished, else null; either way records how far its jobs were seen
    /// finished, for the next call.
    /// </summary>
    private static async Task<BatchCounts?> CountIfFinishedAsync(Connection connection, RedisPartition partition, OpenBatch batch)
    {
        var seen = await WalkFinishedAsync(connection, partition, batch).ConfigureAwait(false);
        BatchCounts? counts = null;
        if (seen >= batch.Total)
        {
            // Every job was seen finished, some maybe long ago: read them all again, for the counts and in case one was retried.
            var ids = (await connection.Database.ListRangeAsync(partition.BatchJobs(batch.Id)).ConfigureAwait(false)).Select(id => (long)id).ToList();
            var states = (await ReadJobFieldsAsync(connection, ids, StateField).ConfigureAwait(false)).Select(fields => BatchHashes.State(fields[0])).ToList();
            var unfinished = states.FindIndex(state => !BatchHashes.IsFinished(state));
            seen = unfinished < 0 ? states.Count : unfinished;
            counts = unfinished < 0 ? BatchHashes.Count(states) : null;
        }

        if (seen != batch.Seen)
        {
            await connection.Scripts.RunAsync("batch_seen", [partition.Batch(batch.Id)], [seen]).ConfigureAwait(false);
        }

        return counts;
    }

    /// <summary>
    /// How many of the batch's jobs, in order, have finished, counted on from <see cref="OpenBatch.Seen"/>: the first
    /// job not yet seen finished, then chunks twice as large each time (up to <see cref="MaxWalkChunk"/>) while every
    /// job read has finished. An unfinished batch so costs one state read per call, and a batch whose jobs finish as
    /// the walk goes reads about twice as many states as finished since the last call.
    /// </summary>
    private static async Task<int> WalkFinishedAsync(Connection connection, RedisPartition partition, OpenBatch batch)
    {
        var seen = batch.Seen;
        var chunk = batch.Next.IsNullOrEmpty ? [] : new List<long> { (long)batch.Next };
        while (chunk.Count > 0)
        {
            var states = await ReadJobFieldsAsync(connection, chunk, StateField).ConfigureAwait(false);
            var finished = states.TakeWhile(fields => BatchHashes.IsFinished(BatchHashes.State(fields[0]))).Count();
            seen += finished;
            if (finished < chunk.Count || seen >= batch.Total)
            {
                break;
            }

            var size = Math.Min(chunk.Count * 2, MaxWalkChunk);
            chunk = [.. (await connection.Database.ListRangeAsync(partition.BatchJobs(batch.Id), seen, seen + size - 1).ConfigureAwait(false)).Select(id => (long)id)];
        }

        return seen;
    }

    /// <summary>Closes a finished batch with <c>close_batch.lua</c>; null when another closer closed it first (or it is gone).</summary>
    private async Task<ClosedBatch?> CloseAsync(Connection connection, RedisPartition partition, long id, BatchCounts counts, CancellationToken ct)
    {
        var reply = await connection.Scripts.RunAsync(
            "close_batch",
            [partition.Batch(id), partition.OpenBatches, partition.ClosedBatches, partition.Counts, partition.Scheduled],
            [Now(), partition.Base, connection.Topology.Wake, Micros.Of(BatchJobs.HeldUntil), counts.Completed, counts.Discarded, counts.Cancelled, counts.Deleted],
            ct).ConfigureAwait(false);
        if (reply.IsNull)
        {
            return null;
        }

        var closed = (RedisResult[])reply!;
        return new ClosedBatch(id, (long)closed[2], (string)closed[1]!, Released: (long)closed[0] == 1);
    }

    /// <summary>An open batch as the closer finds it: how many of its jobs were seen finished, its total, and the next job to look at.</summary>
    private readonly record struct OpenBatch(long Id, int Seen, int Total, RedisValue Next);
}
