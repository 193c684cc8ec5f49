using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>Creating a batch: the checks made before anything is written, then one script on the callback's slot.</summary>
public sealed partial class RedisJobStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One script inserts the new jobs (as <see cref="InsertAsync"/> does: unique keys, wake-ups) and the held callback,
    /// checks the existing jobs of its slot and records the batch, all or nothing; a server over <c>maxmemory</c>
    /// refuses it before it runs. On a single server every queue shares that slot. On a Redis Cluster the new jobs must
    /// be in the slot of the callback's queue; existing jobs may be anywhere, those of other slots being checked just
    /// before the script (one deleted in between counts as deleted when the batch closes).
    /// </remarks>
    /// <exception cref="NotSupportedException">
    /// A transaction was given (Redis has no transactional enqueue), or, on a Redis Cluster, a new job's queue is in
    /// another hash slot than the callback's. Nothing was created.
    /// </exception>
    /// <exception cref="ArgumentException">A job or the callback is invalid, or the batch has more than <see cref="BatchJobs.MaxJobs"/> jobs. Nothing was created.</exception>
    public async ValueTask<CreateBatchResult> CreateBatchAsync(CreateBatchRequest request, CancellationToken ct)
    {
        ValidateBatch(request);
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        EnsureInCallbacksSlot(connection.Topology, request);
        var home = await connection.Topology.OfQueueAsync(request.Callback.Queue).ConfigureAwait(false);
        var jobs = request.Jobs;
        var (sent, repeats) = SplitRepeats(jobs);
        var groups = await GroupByPartitionAsync(connection, home, jobs, sent).ConfigureAwait(false);
        var (checkedIds, missing) = await CheckExistingAsync(connection, home, request.ExistingJobIds, ct).ConfigureAwait(false);
        if (missing.Count > 0)
        {
            return new CreateBatchResult(0, [], 0, missing);
        }

        if (connection.Topology.IsCluster)
        {
            // Before the batch exists, so a closer that sees the batch also visits its partition.
            await connection.Database.SetAddAsync(connection.Topology.BatchQueues, request.Callback.Queue).WaitAsync(ct).ConfigureAwait(false);
        }

        var plan = new BatchPlan(request, groups, repeats);
        var reply = (long[])(await connection.Scripts.RunAsync(
            "create_batch", plan.Keys(checkedIds), plan.Args(checkedIds, Now(), connection.Topology.Wake), Unabandoned).ConfigureAwait(false))!;
        return reply[0] == 0 ? new CreateBatchResult(0, [], 0, reply[1..]) : plan.Result(reply);
    }

    /// <summary>Refuses what cannot be created before anything is written.</summary>
    private static void ValidateBatch(CreateBatchRequest request)
    {
        if (request.Transaction is not null)
        {
            throw new NotSupportedException(
                "The Redis store has no transactional enqueue: a batch cannot commit with a database transaction. Use the PostgreSQL store for that.");
        }

        for (var i = 0; i < request.Jobs.Count; i++)
        {
            Validate(request.Jobs[i], i);
        }

        var callback = request.Callback;
        if (!IsValid(callback))
        {
            throw new ArgumentException(
                $"The batch's callback is invalid (kind '{callback?.Kind}', queue '{callback?.Queue}', max attempts {callback?.MaxAttempts}, "
                + $"traceparent of {callback?.TraceParent?.Length} characters): a job needs a kind, a valid queue name, at least one attempt, "
                + $"and a traceparent of 1 to {StoreLimits.MaxTraceParentLength} characters when it has one. Nothing was created.",
                nameof(CreateBatchRequest.Callback));
        }

        if (request.Jobs.Count + request.ExistingJobIds.Count > BatchJobs.MaxJobs)
        {
            throw new ArgumentException(
                $"A batch has at most {BatchJobs.MaxJobs} jobs, new and existing together; this one has {request.Jobs.Count + request.ExistingJobIds.Count}. Nothing was created.",
                nameof(CreateBatchRequest.Jobs));
        }
    }

    /// <summary>The jobs of <paramref name="sent"/> grouped by partition, the callback's partition first (with no jobs if none is of it).</summary>
    private static async Task<List<(RedisPartition Partition, List<int> Indexes)>> GroupByPartitionAsync(
        Connection connection, RedisPartition home, IReadOnlyList<NewJob> jobs, List<int> sent)
    {
        var groups = new List<(RedisPartition Partition, List<int> Indexes)> { (home, []) };
        foreach (var i in sent)
        {
            var partition = await connection.Topology.OfQueueAsync(jobs[i].Queue).ConfigureAwait(false);
            var group = groups.FindIndex(g => g.Partition == partition);
            if (group < 0)
            {
                groups.Add((partition, [i]));
            }
            else
            {
                groups[group].Indexes.Add(i);
            }
        }

        return groups;
    }

    /// <summary>
    /// Refuses new jobs outside the hash slot of the callback's queue: the script that creates the batch runs on that
    /// slot, and a Redis Cluster lets a script touch one slot only. On a single server every queue shares one slot.
    /// </summary>
    private static void EnsureInCallbacksSlot(RedisTopology topology, CreateBatchRequest request)
    {
        var callbackQueue = request.Callback.Queue;
        var slot = topology.SlotOfQueue(callbackQueue);
        var elsewhere = request.Jobs.Select(job => job.Queue).Distinct(StringComparer.Ordinal).Where(queue => topology.SlotOfQueue(queue) != slot).ToList();
        if (elsewhere.Count > 0)
        {
            throw new NotSupportedException(
                $"On a Redis Cluster a batch's new jobs must be in the hash slot of its callback's queue '{callbackQueue}', and queue(s) "
                + $"{string.Join(", ", elsewhere.Select(q => $"'{q}'"))} are in other slots: the batch, its callback and its new jobs are created "
                + "by one script, which a cluster runs on one slot only. Put the new jobs on the callback's queue, or insert them first and "
                + "name them in ExistingJobIds (existing jobs may be on any queue). Nothing was created.");
        }
    }

    /// <summary>
    /// Splits the existing jobs into those of the callback's slot, which the script checks as it creates the batch (the
    /// id and its hash's key), and the others, checked now; when one of those is missing, every existing job is
    /// checked now and the missing ones returned, and nothing is to be created.
    /// </summary>
    private static async Task<(List<(long Id, RedisKey Key)> Checked, List<long> Missing)> CheckExistingAsync(
        Connection connection, RedisPartition home, IReadOnlyList<long> existing, CancellationToken ct)
    {
        var slot = connection.Multiplexer.HashSlot(home.Ids);
        var inSlot = new List<(long Id, RedisKey Key)>();
        var elsewhere = false;
        var distinct = existing.Distinct().ToList();
        foreach (var id in distinct)
        {
            if (await connection.Topology.OfJobAsync(id).ConfigureAwait(false) is { } partition && connection.Multiplexer.HashSlot(partition.Ids) == slot)
            {
                inSlot.Add((id, partition.Job(id)));
            }
            else
            {
                elsewhere = true;
            }
        }

        if (!elsewhere)
        {
            return (inSlot, []);
        }

        var fields = await ReadJobFieldsAsync(connection, distinct, StateField).WaitAsync(ct).ConfigureAwait(false);
        return (inSlot, [.. distinct.Where((_, i) => fields[i][0].IsNull)]);
    }

    /// <summary>
    /// The keys and arguments of <c>create_batch.lua</c> for one request (see its header), and how to read its reply:
    /// the new jobs grouped by partition, the callback's first and the callback after its jobs, and each new job's
    /// position among the jobs the script inserts (a repeated unique key's repeat takes the first one's).
    /// </summary>
    private sealed class BatchPlan
    {
        private readonly CreateBatchRequest _request;
        private readonly List<(RedisPartition Partition, List<int> Indexes)> _groups;
        private readonly int[] _positions;
        private readonly int _inserted;
        private readonly int _callbackAt;

        public BatchPlan(CreateBatchRequest request, List<(RedisPartition Partition, List<int> Indexes)> groups, List<(int Index, int First)> repeats)
        {
            _request = request;
            _groups = groups;
            _positions = new int[request.Jobs.Count];
            for (var g = 0; g < groups.Count; g++)
            {
                foreach (var i in groups[g].Indexes)
                {
                    _positions[i] = ++_inserted;
                }

                if (g == 0)
                {
                    _callbackAt = ++_inserted;
                }
            }

            foreach (var (index, first) in repeats)
            {
                _positions[index] = _positions[first];
            }
        }

        public RedisKey[] Keys(List<(long Id, RedisKey Key)> checkedJobs)
        {
            var home = _groups[0].Partition;
            var keys = new List<RedisKey>(4 + (_groups.Count * 5) + checkedJobs.Count) { home.BatchIds, home.Batches, home.OpenBatches, home.BatchOfCallback };
            foreach (var (partition, _) in _groups)
            {
                keys.AddRange(InsertKeys(partition));
            }

            keys.AddRange(checkedJobs.Select(job => job.Key));
            return [.. keys];
        }

        public RedisValue[] Args(List<(long Id, RedisKey Key)> checkedJobs, RedisValue now, string channel)
        {
            var members = _request.ExistingJobIds.Count + _request.Jobs.Count;
            var args = new RedisValue[6 + checkedJobs.Count + (_groups.Count * 4) + (_inserted * JobArgCount) + members];
            (args[0], args[1], args[2], args[3], args[4], args[5]) = (now, channel, (int)_request.Condition, _groups.Count, _callbackAt, checkedJobs.Count);
            var at = 6;
            foreach (var (id, _) in checkedJobs)
            {
                args[at++] = id;
            }

            for (var g = 0; g < _groups.Count; g++)
            {
                var (partition, indexes) = _groups[g];
                (args[at], args[at + 1], args[at + 2], args[at + 3]) = (partition.Base, partition.IdMultiplier, partition.IdOffset, indexes.Count + (g == 0 ? 1 : 0));
                at += 4;
                foreach (var i in indexes)
                {
                    PutJob(args.AsSpan(at, JobArgCount), _request.Jobs[i]);
                    at += JobArgCount;
                }

                if (g == 0)
                {
                    // Held: its own due time and unique key are ignored.
                    PutJob(args.AsSpan(at, JobArgCount), _request.Callback with { ScheduledAt = BatchJobs.HeldUntil, UniqueKey = null });
                    at += JobArgCount;
                }
            }

            foreach (var id in _request.ExistingJobIds)
            {
                args[at++] = id;
            }

            foreach (var position in _positions)
            {
                args[at++] = "#" + position;
            }

            return args;
        }

        /// <summary>The created batch from the script's reply: its id, then an (id, inserted) pair per inserted job.</summary>
        public CreateBatchResult Result(long[] reply) =>
            new(reply[0], [.. _positions.Select(p => reply[(p * 2) - 1])], reply[(_callbackAt * 2) - 1], []);
    }
}
