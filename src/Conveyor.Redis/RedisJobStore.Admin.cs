using System.Globalization;
using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>The read side and admin commands (CLI, dashboard). Never on the hot path.</summary>
public sealed partial class RedisJobStore
{
    private const int ListScanChunk = 200;

    /// <inheritdoc />
    public async ValueTask<JobRecord?> GetJobAsync(GetJobRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        if (await connection.Topology.OfJobAsync(request.JobId).ConfigureAwait(false) is not { } partition)
        {
            return null;
        }

        var entries = await connection.Database.HashGetAllAsync(partition.Job(request.JobId)).WaitAsync(ct).ConfigureAwait(false);
        return entries.Length == 0 ? null : JobHashes.Read(entries);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Walks the id index newest first in chunks and filters on the client, so a selective filter costs several small
    /// commands but never blocks the server. On a cluster each queue's partition is walked and the pages merged by id.
    /// </remarks>
    public async ValueTask<ListJobsResult> ListJobsAsync(ListJobsRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        IReadOnlyList<RedisPartition> partitions = request.Queue is { } queue
            ? [await connection.Topology.OfQueueAsync(queue).ConfigureAwait(false)]
            : await connection.Topology.AllAsync().ConfigureAwait(false);
        var jobs = new List<JobRecord>();
        foreach (var partition in partitions)
        {
            jobs.AddRange(await ListInAsync(connection.Database, partition, request, ct).ConfigureAwait(false));
        }

        return new ListJobsResult([.. jobs.OrderByDescending(j => j.Id).Take(request.Limit)]);
    }

    /// <inheritdoc />
    public async ValueTask<CountJobsResult> CountJobsAsync(CountJobsRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var counts = new List<QueueStateCount>();
        foreach (var partition in await connection.Topology.AllAsync().ConfigureAwait(false))
        {
            foreach (var entry in await connection.Database.HashGetAllAsync(partition.Counts).WaitAsync(ct).ConfigureAwait(false))
            {
                var (queue, state) = SplitCountField(entry.Name!);
                if ((long)entry.Value > 0)
                {
                    counts.Add(new QueueStateCount(queue, state, (long)entry.Value));
                }
            }
        }

        return new CountJobsResult([.. counts.OrderBy(c => c.Queue, StringComparer.Ordinal).ThenBy(c => c.State)]);
    }

    /// <inheritdoc />
    public ValueTask<JobIdsResult> RetryJobsAsync(JobIdsRequest request, CancellationToken ct) =>
        ActOnJobsAsync(request, "retry_jobs", (p, t) => [p.Unique, p.Counts], (p, t) => [Now(), p.Base, t.Wake], ct);

    /// <inheritdoc />
    public ValueTask<JobIdsResult> CancelJobsAsync(JobIdsRequest request, CancellationToken ct) =>
        ActOnJobsAsync(request, "cancel_jobs", (p, _) => [p.Unique, p.Counts], (p, t) => [Now(), p.Base, t.Cancel], ct);

    /// <inheritdoc />
    public ValueTask<JobIdsResult> DeleteJobsAsync(JobIdsRequest request, CancellationToken ct) =>
        ActOnJobsAsync(request, "delete_jobs", (p, _) => [p.Unique, p.Counts, p.Jobs], (p, _) => [p.Base], ct);

    /// <inheritdoc />
    public async ValueTask<ListQueuesResult> ListQueuesAsync(ListQueuesRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var queues = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        foreach (var partition in await connection.Topology.AllAsync().ConfigureAwait(false))
        {
            foreach (var entry in await connection.Database.HashGetAllAsync(partition.Counts).WaitAsync(ct).ConfigureAwait(false))
            {
                if ((long)entry.Value > 0)
                {
                    queues.TryAdd(SplitCountField(entry.Name!).Queue, false);
                }
            }

            foreach (var paused in await connection.Database.SetMembersAsync(partition.Paused).WaitAsync(ct).ConfigureAwait(false))
            {
                queues[(string)paused!] = true;
            }
        }

        var result = new List<QueueInfo>(queues.Count);
        foreach (var (queue, paused) in queues)
        {
            result.Add(new QueueInfo(queue, paused) { NextDueAt = await NextDueAtAsync(connection, queue, ct).ConfigureAwait(false) });
        }

        return new ListQueuesResult(result);
    }

    /// <summary>
    /// The due time of the job <paramref name="queue"/> hands out next: the first member of its ready set (lowest
    /// priority score, then <c>due:id</c> in fixed-width digits, as fetch pops them); null when the set is empty.
    /// </summary>
    private static async Task<DateTimeOffset?> NextDueAtAsync(Connection connection, string queue, CancellationToken ct)
    {
        var partition = await connection.Topology.OfQueueAsync(queue).ConfigureAwait(false);
        var head = await connection.Database.SortedSetRangeByRankAsync(partition.Ready(queue), 0, 0).WaitAsync(ct).ConfigureAwait(false);
        return head.Length == 1 && long.TryParse(((string)head[0]!).Split(':')[0], out var due) && Micros.TryToTime(due, out var at) ? at : null;
    }

    /// <inheritdoc />
    public async ValueTask SetQueuePausedAsync(SetQueuePausedRequest request, CancellationToken ct)
    {
        var queue = QueueNames.Validate(request.Queue, nameof(request.Queue));
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var partition = await connection.Topology.OfQueueAsync(queue).ConfigureAwait(false);
        await (request.Paused
            ? connection.Database.SetAddAsync(partition.Paused, queue)
            : connection.Database.SetRemoveAsync(partition.Paused, queue)).WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Runs an admin script over the requested ids, once per partition, ids ascending; returns the ids it acted on.</summary>
    private async ValueTask<JobIdsResult> ActOnJobsAsync(
        JobIdsRequest request, string script, Func<RedisPartition, RedisTopology, RedisKey[]> keys, Func<RedisPartition, RedisTopology, RedisValue[]> args, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var ids = request.JobIds.Distinct().Order().ToList();
        var applied = new List<long>();
        foreach (var (partition, indexes) in await connection.Topology.GroupByJobAsync(ids).ConfigureAwait(false))
        {
            RedisValue[] values = [.. args(partition, connection.Topology), .. indexes.Select(i => (RedisValue)ids[i])];
            var acted = await connection.Scripts.RunAsync(script, keys(partition, connection.Topology), values, ct).ConfigureAwait(false);
            applied.AddRange((long[])acted!);
        }

        return new JobIdsResult([.. applied.Order()]);
    }

    private static async Task<List<JobRecord>> ListInAsync(IDatabase database, RedisPartition partition, ListJobsRequest request, CancellationToken ct)
    {
        var found = new List<JobRecord>();
        var before = request.BeforeId is { } id ? id : double.PositiveInfinity;
        var after = request.AfterId is { } floor ? floor : double.NegativeInfinity;
        while (found.Count < request.Limit)
        {
            var ids = await database.SortedSetRangeByScoreAsync(partition.Jobs, after, before, Exclude.Both, Order.Descending, 0, ListScanChunk)
                .WaitAsync(ct).ConfigureAwait(false);
            if (ids.Length == 0)
            {
                break;
            }

            var hashes = await Task.WhenAll(ids.Select(i => database.HashGetAllAsync(partition.Job((long)i)))).WaitAsync(ct).ConfigureAwait(false);
            found.AddRange(hashes.Where(h => h.Length > 0).Select(JobHashes.Read).Where(request.Matches));
            before = (long)ids[^1];
        }

        return [.. found.Take(request.Limit)];
    }

    private static (string Queue, JobState State) SplitCountField(string field) =>
        (field[(field.IndexOf(':', StringComparison.Ordinal) + 1)..], (JobState)int.Parse(field.AsSpan(0, field.IndexOf(':', StringComparison.Ordinal)), CultureInfo.InvariantCulture));
}
