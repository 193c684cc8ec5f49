using Conveyor.Recurring;
using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// Recurring schedules. A schedule's hash lives in the partition of its queue, next to the jobs it enqueues, so its
/// advance (check the cursor, move it, insert the ticks' jobs) is one script on one hash slot, on a Redis Cluster too.
/// The name index (<see cref="RedisTopology.Schedules"/>, name → queue) finds the hash for the other commands.
/// </summary>
public sealed partial class RedisJobStore : IScheduleStore
{
    private static readonly AdvanceScheduleResult NotAdvanced = new(false, []);

    /// <inheritdoc />
    /// <remarks>
    /// Each schedule is written on its own: its hash, then the name index. A schedule saved to another queue moves its
    /// hash to that queue's partition with its paused flag, cursor and recorded runs; the old hash is read and deleted in one script
    /// first, so no leader can advance it once its cursor was read. Once started, a schedule's writes are not abandoned
    /// on cancellation, so a move is not left half-done.
    /// </remarks>
    /// <exception cref="ArgumentException">A schedule's name or queue name is invalid; nothing was saved.</exception>
    public async ValueTask SaveSchedulesAsync(SaveSchedulesRequest request, CancellationToken ct)
    {
        foreach (var definition in request.Schedules)
        {
            ScheduleNames.Validate(definition.Name, nameof(request.Schedules));
            QueueNames.Validate(definition.Queue, nameof(request.Schedules));
        }

        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        foreach (var definition in request.Schedules)
        {
            var home = await connection.Topology.OfQueueAsync(definition.Queue).ConfigureAwait(false);
            var moved = await TakeMovedAsync(connection, definition.Name, home, ct).ConfigureAwait(false);
            await connection.Scripts.RunAsync("save_schedule", [home.Schedule(definition.Name)], ScheduleHashes.SaveArgs(definition, moved), Unabandoned)
                .ConfigureAwait(false);
            await connection.Database.HashSetAsync(connection.Topology.Schedules, definition.Name, definition.Queue).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads the name index, then each schedule's hash: not one atomic read on a cluster. A schedule caught between
    /// two writes (deleted, or moving to another queue) is left out of that one listing.
    /// </remarks>
    public async ValueTask<ListSchedulesResult> ListSchedulesAsync(ListSchedulesRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var index = await connection.Database.HashGetAllAsync(connection.Topology.Schedules).WaitAsync(ct).ConfigureAwait(false);
        var schedules = await Task.WhenAll(index.Select(async entry =>
        {
            var partition = await connection.Topology.OfQueueAsync(entry.Value!).ConfigureAwait(false);
            var hash = await connection.Database.HashGetAllAsync(partition.Schedule(entry.Name!)).ConfigureAwait(false);
            return ScheduleHashes.Read(entry.Name!, hash);
        })).WaitAsync(ct).ConfigureAwait(false);
        return new ListSchedulesResult([.. schedules.OfType<StoredSchedule>().OrderBy(s => s.Definition.Name, StringComparer.Ordinal)]);
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetSchedulePausedAsync(SetSchedulePausedRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        if (await QueueOfScheduleAsync(connection, request.Name, ct).ConfigureAwait(false) is not { } queue)
        {
            return false;
        }

        var partition = await connection.Topology.OfQueueAsync(queue).ConfigureAwait(false);
        return (long)await connection.Scripts.RunAsync("pause_schedule", [partition.Schedule(request.Name)], [request.Paused ? 1 : 0], ct).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One script on the partition of the schedule's queue checks the cursor, moves it and inserts the jobs exactly as
    /// <see cref="InsertAsync"/> does (unique keys, scheduled or available, counts, wake-ups), so of two leaders that
    /// read the same cursor only one enqueues the ticks. Jobs planned for a schedule's old queue, after it was saved to
    /// another, never land in the old queue: the advance is refused, and the leader plans again from a new read. A
    /// server over <c>maxmemory</c> refuses the script, with an error the caller sees.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// A job is invalid, or the jobs are not all of the schedule's queue: the script can write only that queue's
    /// partition. Nothing was changed.
    /// </exception>
    public async ValueTask<AdvanceScheduleResult> AdvanceScheduleAsync(AdvanceScheduleRequest request, CancellationToken ct)
    {
        var jobs = request.Jobs;
        for (var i = 0; i < jobs.Count; i++)
        {
            Validate(jobs[i], i);
        }

        var jobsQueue = OneQueueOf(request);
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        if (await QueueOfScheduleAsync(connection, request.Name, ct).ConfigureAwait(false) is not { } queue)
        {
            return NotAdvanced;
        }

        if (jobsQueue is not null && jobsQueue != queue)
        {
            throw new ArgumentException(
                $"The jobs of schedule '{request.Name}' go to queue '{jobsQueue}', but the schedule's queue is '{queue}': a schedule's "
                + "jobs go to its own queue, whose partition holds the schedule. Nothing was changed.",
                nameof(AdvanceScheduleRequest.Jobs));
        }

        var partition = await connection.Topology.OfQueueAsync(queue).ConfigureAwait(false);
        var (sent, repeats) = SplitRepeats(jobs);
        var expected = request.ExpectedCursor is { } cursor ? Micros.Of(cursor) : RedisValue.EmptyString;
        var reply = await connection.Scripts.RunAsync(
            "advance_schedule",
            InsertKeys(partition, partition.Schedule(request.Name)),
            InsertArgs(connection, partition, jobs, sent, queue, expected, Micros.Of(request.NewCursor)),
            Unabandoned).ConfigureAwait(false);
        if (reply.IsNull)
        {
            return NotAdvanced;
        }

        var inserted = new InsertedJob[jobs.Count];
        ReadInserted(reply, sent, inserted);
        ResolveRepeats(inserted, repeats);
        return new AdvanceScheduleResult(true, [.. inserted.Select(job => job.Id)]);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RecordScheduleRunAsync(RecordScheduleRunRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        if (await QueueOfScheduleAsync(connection, request.Name, ct).ConfigureAwait(false) is not { } queue)
        {
            return false;
        }

        var partition = await connection.Topology.OfQueueAsync(queue).ConfigureAwait(false);
        RedisValue[] args = [Micros.Of(request.Tick), request.State.ToString(), Micros.Of(request.FinishedAt)];
        return (long)await connection.Scripts.RunAsync("record_schedule_run", [partition.Schedule(request.Name)], args, ct).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteScheduleAsync(DeleteScheduleRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        if (await QueueOfScheduleAsync(connection, request.Name, ct).ConfigureAwait(false) is not { } queue)
        {
            return false;
        }

        // The hash first: a name left in the index without its hash is never listed nor advanced.
        var partition = await connection.Topology.OfQueueAsync(queue).ConfigureAwait(false);
        await connection.Database.KeyDeleteAsync(partition.Schedule(request.Name)).WaitAsync(ct).ConfigureAwait(false);
        return await connection.Database.HashDeleteAsync(connection.Topology.Schedules, request.Name).WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The queue of schedule <paramref name="name"/>, from the name index; null when there is none of that name.</summary>
    private static async ValueTask<string?> QueueOfScheduleAsync(Connection connection, string name, CancellationToken ct) =>
        (string?)await connection.Database.HashGetAsync(connection.Topology.Schedules, name).WaitAsync(ct).ConfigureAwait(false);

    /// <summary>
    /// When the schedule's hash is in another partition than <paramref name="home"/> (it is being saved to another
    /// queue), takes it from there and returns its paused flag, cursor and recorded runs for the new hash (the ARGV
    /// [9] to [14] of <c>save_schedule.lua</c>); otherwise empty values, which keep the new hash's own.
    /// </summary>
    private static async Task<RedisValue[]> TakeMovedAsync(Connection connection, string name, RedisPartition home, CancellationToken ct)
    {
        if (await QueueOfScheduleAsync(connection, name, ct).ConfigureAwait(false) is not { } queue)
        {
            return ScheduleHashes.KeepOwn;
        }

        var old = await connection.Topology.OfQueueAsync(queue).ConfigureAwait(false);
        if (old.Base == home.Base)
        {
            return ScheduleHashes.KeepOwn;
        }

        var taken = await connection.Scripts.RunAsync("take_schedule", [old.Schedule(name)], [], Unabandoned).ConfigureAwait(false);
        if (taken.IsNull)
        {
            return ScheduleHashes.KeepOwn;
        }

        return (RedisValue[])taken!;
    }

    /// <summary>The one queue of the advance's jobs, or null when it has none; refuses jobs of several queues.</summary>
    private static string? OneQueueOf(AdvanceScheduleRequest request)
    {
        var queues = request.Jobs.Select(job => job.Queue).Distinct(StringComparer.Ordinal).ToList();
        return queues.Count <= 1
            ? queues.SingleOrDefault()
            : throw new ArgumentException(
                $"The jobs of one advance of schedule '{request.Name}' go to several queues ({string.Join(", ", queues.Select(q => $"'{q}'"))}): "
                + "they must all go to the schedule's queue, whose partition holds the schedule. Nothing was changed.",
                nameof(AdvanceScheduleRequest.Jobs));
    }
}
