using System.Diagnostics.CodeAnalysis;
using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>Inserting jobs: one script per partition, unique keys enforced inside it.</summary>
public sealed partial class RedisJobStore
{
    /// <summary>How many script arguments one new job takes (see <see cref="PutJob"/>).</summary>
    private const int JobArgCount = 10;

    /// <inheritdoc />
    /// <remarks>
    /// The jobs of one partition are inserted by one script, all or none (every job is validated first, and a server over
    /// <c>maxmemory</c> refuses the script before it runs, with an error the caller sees). On a single server that is the
    /// whole batch; on a Redis Cluster each queue's jobs are atomic on their own. A key repeated within the batch is sent
    /// once; the repeats get the first one's id as duplicates.
    /// </remarks>
    /// <exception cref="NotSupportedException">A transaction was given: Redis has no transactional enqueue.</exception>
    /// <exception cref="ArgumentException">A job is invalid (no kind, an invalid queue name, no arguments, under one attempt, an empty or overlong traceparent).</exception>
    /// <exception cref="RedisServerException">The server refused the write, e.g. MISCONF while it cannot persist (a full disk under its AOF).</exception>
    public async ValueTask<InsertJobsResult> InsertAsync(InsertJobsRequest request, CancellationToken ct)
    {
        if (request.Transaction is not null)
        {
            throw new NotSupportedException(
                "The Redis store has no transactional enqueue: a job cannot commit with a database transaction. Use the PostgreSQL store for that.");
        }

        var jobs = request.Jobs;
        for (var i = 0; i < jobs.Count; i++)
        {
            Validate(jobs[i], i);
        }

        var results = new InsertedJob[jobs.Count];
        var (sent, repeats) = SplitRepeats(jobs);
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var byPartition = await connection.Topology.GroupByQueueAsync(sent, i => jobs[i].Queue).ConfigureAwait(false);

        try
        {
            await Task.WhenAll(byPartition.Select(group => InsertIntoAsync(connection, group.Key, jobs, group.Value, results, ct))).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("MISCONF", StringComparison.Ordinal))
        {
            // Redis refuses every write while it cannot persist: a refused partition's script stopped at its first
            // write, so none of its jobs is stored. The caller learns that, not only Redis's MISCONF.
            throw new RedisServerException(
                (byPartition.Count == 1
                    ? "Redis refused the enqueue, so nothing was enqueued"
                    : "Redis refused the jobs of at least one queue, which were not enqueued (a Redis Cluster may have stored the batch's other queues)")
                + $": the server refuses writes while it cannot write its persistence files (its disk may be full): {ex.Message}. "
                + "It accepts writes again by itself once it can write them.");
        }

        ResolveRepeats(results, repeats);
        return new InsertJobsResult(results);
    }

    private async Task InsertIntoAsync(Connection connection, RedisPartition partition, IReadOnlyList<NewJob> jobs, List<int> indexes, InsertedJob[] results, CancellationToken ct)
    {
        var inserted = await connection.Scripts.RunAsync(
            "insert", InsertKeys(partition), InsertArgs(connection, partition, jobs, indexes), Unabandoned).ConfigureAwait(false);
        ReadInserted(inserted, indexes, results);
    }

    /// <summary>
    /// Splits a batch into the jobs to send and the repeats of a unique key met earlier in the batch: a key is sent
    /// once, and its repeats get the first one's id as duplicates.
    /// </summary>
    private static (List<int> Sent, List<(int Index, int First)> Repeats) SplitRepeats(IReadOnlyList<NewJob> jobs)
    {
        var firstWithKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var sent = new List<int>(jobs.Count);
        var repeats = new List<(int Index, int First)>();
        for (var i = 0; i < jobs.Count; i++)
        {
            if (jobs[i].UniqueKey is { } key && !firstWithKey.TryAdd(key, i))
            {
                repeats.Add((i, firstWithKey[key]));
            }
            else
            {
                sent.Add(i);
            }
        }

        return (sent, repeats);
    }

    /// <summary>Gives each repeat of a unique key the first one's id, as a duplicate.</summary>
    private static void ResolveRepeats(InsertedJob[] results, List<(int Index, int First)> repeats)
    {
        foreach (var (index, first) in repeats)
        {
            results[index] = new InsertedJob(results[first].Id, Duplicate: true);
        }
    }

    /// <summary>The KEYS of <c>insert.lua</c>, which scripts that insert jobs with it begin with, then <paramref name="more"/>.</summary>
    private static RedisKey[] InsertKeys(RedisPartition partition, params ReadOnlySpan<RedisKey> more) =>
        [partition.Ids, partition.Unique, partition.Jobs, partition.Counts, partition.Scheduled, .. more];

    /// <summary>
    /// The ARGV of <c>insert.lua</c>: the partition's five values, then <paramref name="between"/> (a script's own
    /// arguments, for scripts that insert jobs with it), then ten per job of <paramref name="indexes"/>.
    /// </summary>
    private RedisValue[] InsertArgs(Connection connection, RedisPartition partition, IReadOnlyList<NewJob> jobs, List<int> indexes, params ReadOnlySpan<RedisValue> between)
    {
        var args = new RedisValue[5 + between.Length + (indexes.Count * JobArgCount)];
        args[0] = Now();
        args[1] = partition.Base;
        args[2] = partition.IdMultiplier;
        args[3] = partition.IdOffset;
        args[4] = connection.Topology.Wake;
        between.CopyTo(args.AsSpan(5));
        var at = 5 + between.Length;
        foreach (var i in indexes)
        {
            PutJob(args.AsSpan(at, JobArgCount), jobs[i]);
            at += JobArgCount;
        }

        return args;
    }

    /// <summary>The 10 values <c>insert_jobs</c> takes per job: kind, queue, args, max attempts, priority, due, unique key, tags, traceparent, ordering key.</summary>
    private static void PutJob(Span<RedisValue> slot, NewJob job)
    {
        slot[0] = job.Kind;
        slot[1] = job.Queue;
        slot[2] = job.Args;
        slot[3] = job.MaxAttempts;
        slot[4] = job.Priority;
        slot[5] = job.ScheduledAt is { } due ? Micros.Of(due) : RedisValue.EmptyString;
        slot[6] = job.UniqueKey ?? RedisValue.EmptyString;
        slot[7] = JobHashes.TagsJson(job.Tags);
        slot[8] = job.TraceParent ?? RedisValue.EmptyString;
        slot[9] = job.OrderingKey ?? RedisValue.EmptyString;
    }

    /// <summary>Reads <c>insert.lua</c>'s reply (id, inserted) for the jobs of <paramref name="indexes"/> into <paramref name="results"/>.</summary>
    private static void ReadInserted(RedisResult reply, List<int> indexes, InsertedJob[] results)
    {
        var inserted = (long[])reply!;
        for (var k = 0; k < indexes.Count; k++)
        {
            results[indexes[k]] = new InsertedJob(inserted[k * 2], Duplicate: inserted[(k * 2) + 1] == 0);
        }
    }

    private static void Validate(NewJob job, int index)
    {
        if (!IsValid(job))
        {
            throw new ArgumentException(
                $"Job {index} of the batch is invalid (kind '{job?.Kind}', queue '{job?.Queue}', max attempts {job?.MaxAttempts}, unique key '{job?.UniqueKey}', "
                + $"traceparent of {job?.TraceParent?.Length} characters): a job needs a kind, a valid queue name, at least one attempt, a non-empty "
                + $"unique key when it has one, and a traceparent of 1 to {StoreLimits.MaxTraceParentLength} characters when it has one. Nothing was inserted.",
                nameof(InsertJobsRequest.Jobs));
        }
    }

    /// <summary>
    /// Whether a job has a kind, a valid queue name, at least one attempt, a non-empty unique key when it has one, and a
    /// traceparent of 1 to <see cref="StoreLimits.MaxTraceParentLength"/> characters when it has one (an empty one
    /// would read back as none).
    /// </summary>
    private static bool IsValid([NotNullWhen(true)] NewJob? job) =>
        job is not null && !string.IsNullOrEmpty(job.Kind) && QueueNames.IsValid(job.Queue) && job.MaxAttempts >= 1 && job.UniqueKey is not ""
        && job.TraceParent is null or { Length: > 0 and <= StoreLimits.MaxTraceParentLength };
}
