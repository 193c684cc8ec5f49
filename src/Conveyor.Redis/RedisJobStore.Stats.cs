using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// Per-minute statistics per queue: one hash per (queue, minute) in the partition of its queue, indexed by the
/// partition's stats zset, which listing and retention read by minute.
/// </summary>
public sealed partial class RedisJobStore : IStatsStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One <c>record_stats</c> script per partition adds every minute of its queues with <c>HINCRBY</c>: on a single
    /// server that is the whole request; on a Redis Cluster each queue's minutes are one script on its slot. Writers of
    /// many processes adding into one minute never lose a count.
    /// </remarks>
    /// <exception cref="ArgumentException">A minute does not start on a whole UTC minute, its queue name is invalid, or it has not <see cref="DurationBuckets.Count"/> buckets. Nothing was recorded.</exception>
    public async ValueTask RecordStatsAsync(RecordStatsRequest request, CancellationToken ct)
    {
        foreach (var minute in request.Minutes)
        {
            ValidateMinute(minute);
        }

        if (request.Minutes.Count == 0)
        {
            return;
        }

        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var byPartition = await connection.Topology.GroupByQueueAsync(request.Minutes, minute => minute.Queue).ConfigureAwait(false);

        // Unabandoned: a caller that sees a failure keeps its counts for its next call, so a script that ran after its
        // caller stopped waiting would count them twice.
        await Task.WhenAll(byPartition.Select(group => connection.Scripts.RunAsync(
            "record_stats", [group.Key.Stats], StatsHashes.RecordArgs(group.Key, group.Value), Unabandoned))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads each partition's stats zset from the time on, then the hashes of the minutes of the queue asked for,
    /// pipelined; on a cluster only the partitions of the queues asked for (every registered queue when none is).
    /// Not one atomic read: a minute being added to meanwhile is shown as it was when read.
    /// </remarks>
    public async ValueTask<ListStatsResult> ListStatsAsync(ListStatsRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        Func<string, bool> wanted = request.Queue is { } queue ? q => q == queue : _ => true;
        var minutes = new List<QueueMinute>();
        foreach (var partition in await connection.Topology.WhereQueueAsync(wanted).ConfigureAwait(false))
        {
            var members = await connection.Database.SortedSetRangeByScoreAsync(partition.Stats, Micros.Of(request.Since)).WaitAsync(ct).ConfigureAwait(false);
            var keys = members.Select(member => (string)member!).Select(member => (Member: member, Key: StatsHashes.ParseMember(member)))
                .Where(m => wanted(m.Key.Queue))
                .ToList();
            var hashes = await Task.WhenAll(keys.Select(m => connection.Database.HashGetAllAsync(partition.StatsMinute(m.Member)))).WaitAsync(ct).ConfigureAwait(false);

            // An empty hash is a minute deleted between the two reads.
            minutes.AddRange(keys.Zip(hashes).Where(pair => pair.Second.Length > 0).Select(pair => StatsHashes.Read(pair.First.Key.Queue, pair.First.Key.Minute, pair.Second)));
        }

        return new ListStatsResult([.. minutes.OrderBy(m => m.Queue, StringComparer.Ordinal).ThenBy(m => m.Minute)]);
    }

    /// <inheritdoc />
    /// <remarks>One <c>delete_stats</c> script per partition, oldest minutes first, until the limit (on a cluster, each registered queue's in turn).</remarks>
    public async ValueTask<DeleteFinalizedResult> DeleteStatsAsync(DeleteStatsRequest request, CancellationToken ct)
    {
        if (request.Limit <= 0)
        {
            return new DeleteFinalizedResult(0);
        }

        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var deleted = 0;
        foreach (var partition in await connection.Topology.AllAsync().ConfigureAwait(false))
        {
            deleted += (int)await connection.Scripts.RunAsync(
                "delete_stats", [partition.Stats], [partition.Base, Micros.Of(request.Before), request.Limit - deleted], ct).ConfigureAwait(false);
            if (deleted >= request.Limit)
            {
                break;
            }
        }

        return new DeleteFinalizedResult(deleted);
    }

    private static void ValidateMinute(QueueMinute minute)
    {
        if (minute is null || !QueueNames.IsValid(minute.Queue) || minute.Durations?.Count != DurationBuckets.Count
            || minute.Minute.Ticks % TimeSpan.TicksPerMinute != 0 || minute.Minute.Offset != TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"A minute of statistics has a valid queue name, starts on a whole UTC minute and has {DurationBuckets.Count} duration buckets; "
                + $"this one is of queue '{minute?.Queue}' at {minute?.Minute:O} with {minute?.Durations?.Count} buckets. Nothing was recorded.",
                nameof(RecordStatsRequest.Minutes));
        }
    }
}
