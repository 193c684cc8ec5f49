using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// The keys that one script may touch together. On a single server every queue shares one partition (<c>{prefix}:</c>),
/// so unique keys, ids and batches span queues; on a Redis Cluster each queue is a partition of its own
/// (<c>prefix:{queue}:</c>), its keys in one hash slot, so each transition stays a single-slot script and queues
/// spread over the cluster. Job ids carry their partition: <c>sequence × <see cref="IdMultiplier"/> + <see cref="IdOffset"/></c>.
/// </summary>
internal sealed class RedisPartition
{
    private readonly ConcurrentDictionary<string, RedisKey> _ready = new(StringComparer.Ordinal);

    public RedisPartition(string keyBase, long idMultiplier, long idOffset)
    {
        Base = keyBase;
        IdMultiplier = idMultiplier;
        IdOffset = idOffset;
        Ids = keyBase + "ids";
        Unique = keyBase + "unique";
        Jobs = keyBase + "jobs";
        Counts = keyBase + "counts";
        Scheduled = keyBase + "scheduled";
        Running = keyBase + "running";
        Paused = keyBase + "paused";
        BatchIds = keyBase + "batch_ids";
        Batches = keyBase + "batches";
        OpenBatches = keyBase + "batches:open";
        ClosedBatches = keyBase + "batches:closed";
        BatchOfCallback = keyBase + "batch_of";
        Stats = keyBase + "stats";
    }

    /// <summary>What every key of the partition starts with.</summary>
    public string Base { get; }

    /// <summary>A job id is its partition's sequence number times this, plus <see cref="IdOffset"/>.</summary>
    public long IdMultiplier { get; }

    /// <summary>The partition's number within an id (0 on a single server).</summary>
    public long IdOffset { get; }

    /// <summary>The id sequence (a counter).</summary>
    public RedisKey Ids { get; }

    /// <summary>Unique key → the unfinished job holding it (a hash).</summary>
    public RedisKey Unique { get; }

    /// <summary>Every job id (a sorted set by id), for listing.</summary>
    public RedisKey Jobs { get; }

    /// <summary>Jobs per <c>state:queue</c> (a hash of counters).</summary>
    public RedisKey Counts { get; }

    /// <summary>Scheduled and retryable jobs by due time (a sorted set).</summary>
    public RedisKey Scheduled { get; }

    /// <summary>Running jobs by lease expiry (a sorted set).</summary>
    public RedisKey Running { get; }

    /// <summary>The paused queues (a set).</summary>
    public RedisKey Paused { get; }

    /// <summary>The id sequence of the batches whose callbacks are of this partition (a counter).</summary>
    public RedisKey BatchIds { get; }

    /// <summary>Every batch of the partition (a sorted set by id), for listing.</summary>
    public RedisKey Batches { get; }

    /// <summary>The batches not closed yet (a sorted set by id), which the closer reads.</summary>
    public RedisKey OpenBatches { get; }

    /// <summary>The closed batches by closed time (a sorted set), for retention.</summary>
    public RedisKey ClosedBatches { get; }

    /// <summary>Callback job id → the id of its batch (a hash).</summary>
    public RedisKey BatchOfCallback { get; }

    /// <summary>The partition's minutes of statistics, <c>minute:queue</c> by minute (a sorted set), for listing and retention.</summary>
    public RedisKey Stats { get; }

    /// <summary>The available jobs of <paramref name="queue"/>, by priority, then due time, then id (a sorted set).</summary>
    public RedisKey Ready(string queue) => _ready.GetOrAdd(queue, q => Base + "ready:" + q);

    /// <summary>The jobs of final state <paramref name="state"/> by finalized time (a sorted set).</summary>
    public RedisKey Final(JobState state) => Base + "final:" + (int)state;

    /// <summary>The hash of job <paramref name="id"/>.</summary>
    public RedisKey Job(long id) => Base + "job:" + id;

    /// <summary>The hash of batch <paramref name="id"/>, kept in the partition of its callback's queue.</summary>
    public RedisKey Batch(long id) => Base + "batch:" + id;

    /// <summary>The ids of batch <paramref name="id"/>'s jobs, in the order they were added (a list).</summary>
    public RedisKey BatchJobs(long id) => Base + "batch:" + id + ":jobs";

    /// <summary>The hash of one minute of one queue's statistics, <paramref name="member"/> being its <c>minute:queue</c> in <see cref="Stats"/>.</summary>
    public RedisKey StatsMinute(string member) => Base + "stats:" + member;

    /// <summary>The hash of the recurring schedule <paramref name="name"/>, kept in the partition of the schedule's queue.</summary>
    public RedisKey Schedule(string name) => Base + "schedule:" + name;
}
