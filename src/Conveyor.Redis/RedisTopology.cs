using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// Where a queue's or a job's keys live: one partition on a single server, one per queue on a Redis Cluster, where a
/// queue's number (from the registry hash, given once per queue) is the low 16 bits of its job ids.
/// </summary>
internal sealed class RedisTopology
{
    private const long ClusterIdMultiplier = 65536;
    private readonly string _prefix;
    private readonly RedisScripts _scripts;
    private readonly IDatabase _database;
    private readonly RedisPartition? _single;
    private readonly ConcurrentDictionary<string, RedisPartition> _byQueue = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, RedisPartition> _byNumber = new();

    public RedisTopology(string prefix, bool cluster, IDatabase database, RedisScripts scripts)
    {
        _prefix = prefix;
        _database = database;
        _scripts = scripts;
        Global = "{" + prefix + "}:";
        _single = cluster ? null : new RedisPartition(Global, 1, 0);
        Registry = Global + "registry";
        Wake = Global + "wake";
        Cancel = Global + "cancel";
        Schedules = Global + "schedules";
        BatchQueues = Global + "batch_queues";
        Alerts = Global + "alerts";
        FiringAlerts = Global + "alerts:firing";
        ResolvedAlerts = Global + "alerts:resolved";
        AlertIds = Global + "alerts:ids";
    }

    /// <summary>Whether the server is a Redis Cluster.</summary>
    public bool IsCluster => _single is null;

    /// <summary>The base of keys that belong to no queue (leaders, nodes, the registry) and of the pub/sub channels.</summary>
    public string Global { get; }

    /// <summary>The pub/sub channel of wake-ups: scripts publish on it the names of queues that just got available jobs.</summary>
    public string Wake { get; }

    /// <summary>The pub/sub channel of cancel requests: scripts publish on it when running jobs are asked to stop.</summary>
    public string Cancel { get; }

    /// <summary>Queue → number, and #number → queue, on a cluster (a hash).</summary>
    public RedisKey Registry { get; }

    /// <summary>Schedule name → its queue, whose partition holds the schedule's hash (a hash).</summary>
    public RedisKey Schedules { get; }

    /// <summary>Every alert's id, scored by itself: the history, newest last (a zset).</summary>
    public RedisKey Alerts { get; }

    /// <summary>The firing alerts: <c>&lt;length of rule&gt;:&lt;rule&gt;:&lt;subject&gt;</c> → id (a hash).</summary>
    public RedisKey FiringAlerts { get; }

    /// <summary>The resolved alerts' ids, scored by when they resolved, for retention (a zset).</summary>
    public RedisKey ResolvedAlerts { get; }

    /// <summary>The last alert id given (a counter).</summary>
    public RedisKey AlertIds { get; }

    /// <summary>The hash of alert <paramref name="id"/>.</summary>
    public RedisKey Alert(long id) => Global + "alert:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>On a cluster, the queues whose partitions hold batches: those of every callback ever given (a set).</summary>
    public RedisKey BatchQueues { get; }

    /// <summary>The partition holding <paramref name="queue"/>'s jobs; on a cluster the queue is registered if new.</summary>
    public async ValueTask<RedisPartition> OfQueueAsync(string queue)
    {
        if (_single is not null)
        {
            return _single;
        }

        if (_byQueue.TryGetValue(queue, out var known))
        {
            return known;
        }

        var number = (long)await _scripts.RunAsync("register_queue", [Registry], [queue]).ConfigureAwait(false);
        return Remember(queue, number);
    }

    /// <summary>The partition holding job <paramref name="id"/>, or null when its queue is unknown (no such job).</summary>
    public async ValueTask<RedisPartition?> OfJobAsync(long id)
    {
        if (_single is not null)
        {
            return _single;
        }

        var number = id % ClusterIdMultiplier;
        if (_byNumber.TryGetValue(number, out var known))
        {
            return known;
        }

        var queue = await _database.HashGetAsync(Registry, "#" + number).ConfigureAwait(false);
        return queue.IsNull ? null : Remember(queue!, number);
    }

    /// <summary>Every partition that has ever held a job or a pause flag.</summary>
    public ValueTask<IReadOnlyList<RedisPartition>> AllAsync() => WhereQueueAsync(_ => true);

    /// <summary>
    /// The partitions that can hold jobs of the queues <paramref name="includes"/> accepts: on a cluster those of the
    /// registered queues it accepts, one queue each; on a single server the one partition, which holds every queue.
    /// </summary>
    public async ValueTask<IReadOnlyList<RedisPartition>> WhereQueueAsync(Func<string, bool> includes)
    {
        if (_single is not null)
        {
            return [_single];
        }

        var entries = await _database.HashGetAllAsync(Registry).ConfigureAwait(false);
        return [.. entries.Where(e => !e.Name.ToString().StartsWith('#') && includes(e.Name!)).Select(e => Remember(e.Name!, (long)e.Value))];
    }

    /// <summary>
    /// The partitions that can hold batches: on a single server the one partition; on a cluster those of the queues
    /// in <see cref="BatchQueues"/>, none until a batch is created.
    /// </summary>
    public async ValueTask<IReadOnlyList<RedisPartition>> WithBatchesAsync()
    {
        if (_single is not null)
        {
            return [_single];
        }

        var queues = await _database.SetMembersAsync(BatchQueues).ConfigureAwait(false);
        var partitions = new List<RedisPartition>(queues.Length);
        foreach (var queue in queues.Order())
        {
            partitions.Add(await OfQueueAsync(queue!).ConfigureAwait(false));
        }

        return partitions;
    }

    /// <summary>Groups items by the partition of their queue, in the order met; on a cluster new queues are registered.</summary>
    public async ValueTask<Dictionary<RedisPartition, List<T>>> GroupByQueueAsync<T>(IEnumerable<T> items, Func<T, string> queueOf)
    {
        var groups = new Dictionary<RedisPartition, List<T>>();
        foreach (var item in items)
        {
            var partition = await OfQueueAsync(queueOf(item)).ConfigureAwait(false);
            (groups.TryGetValue(partition, out var list) ? list : groups[partition] = []).Add(item);
        }

        return groups;
    }

    /// <summary>Groups items by the partition of their job id, dropping those whose partition is unknown.</summary>
    public async ValueTask<List<(RedisPartition Partition, List<int> Indexes)>> GroupByJobAsync(IReadOnlyList<long> ids)
    {
        if (_single is not null)
        {
            return [(_single, [.. Enumerable.Range(0, ids.Count)])];
        }

        var groups = new Dictionary<RedisPartition, List<int>>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (await OfJobAsync(ids[i]).ConfigureAwait(false) is { } partition)
            {
                (groups.TryGetValue(partition, out var list) ? list : groups[partition] = []).Add(i);
            }
        }

        return [.. groups.Select(g => (g.Key, g.Value))];
    }

    /// <summary>The hash slot of <paramref name="queue"/>'s partition, known without registering the queue.</summary>
    public int SlotOfQueue(string queue) => _database.Multiplexer.HashSlot(_single?.Ids ?? (RedisKey)ClusterBase(queue));

    private string ClusterBase(string queue) => _prefix + ":{" + queue + "}:";

    private RedisPartition Remember(string queue, long number)
    {
        var partition = _byQueue.GetOrAdd(queue, q => new RedisPartition(ClusterBase(q), ClusterIdMultiplier, number));
        _byNumber.TryAdd(number, partition);
        return partition;
    }
}
