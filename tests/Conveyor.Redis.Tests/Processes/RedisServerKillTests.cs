using System.Text;
using Conveyor.Storage;
using Conveyor.Testing.Processes;
using Conveyor.Testing.Processes.Servers;
using Xunit.Abstractions;

namespace Conveyor.Redis.Tests.Processes;

/// <summary>
/// redis-server SIGKILLed under running producers and workers, then restarted from its AOF on the same port: the same
/// worker processes reconnect and finish the run. What the kill may lose depends on <c>appendfsync</c>: with
/// <c>always</c>, nothing the server acknowledged; with <c>everysec</c>, only what it acknowledged in the last seconds
/// before the kill. The figures (enqueues lost, completions lost) are printed for the docs.
/// </summary>
[Collection(nameof(RedisProcessCollection))]
public sealed class RedisServerKillTests(ITestOutputHelper output)
{
    private const int Workers = 3;
    private const int Producers = 2;
    private const int ProducerBatch = 10;

    /// <summary>
    /// Jobs on each worker's own queue, paused until the restart: each worker has work once it reconnected, which no
    /// other worker can take first.
    /// </summary>
    private const int AfterRestart = 500;

    private static readonly TimeSpan ProducerPause = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    /// <summary>
    /// Far longer than the restart and the clients' reconnection, so no lease expires while the server is down. A fetch
    /// whose answer the kill cut leaves its job leased to a worker that never ran it; that job comes back after this.
    /// </summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How far back an <c>everysec</c> kill may reach. Redis writes the AOF before it answers, and a SIGKILL leaves
    /// what was written in the page cache; but while a background fsync is still running it holds the write back for
    /// up to 2 s, answering all the while. Half a second more for the test's own timing.
    /// </summary>
    private static readonly TimeSpan EverysecWindow = TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// How long producers and workers run before the kill: more than the everysec window plus a second, the most a
    /// completion is taken to lag its execution, so the ledgers' lines from before that are safe in both modes.
    /// </summary>
    private static readonly TimeSpan RunBeforeKill = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan SafeBeforeKill = EverysecWindow + TimeSpan.FromSeconds(1);

    /// <summary>
    /// With <c>appendfsync always</c> every write is on disk before its answer: no acknowledged enqueue is lost, no
    /// completion either (no job runs twice), and no lease expires, so every job runs exactly once.
    /// </summary>
    [Fact]
    public async Task Workers_RunEveryAcknowledgedJobOnce_WhenTheServerIsKilledWithAppendfsyncAlways()
    {
        var run = await RunThroughServerKillAsync("always");

        Assert.Empty(run.LostEnqueues);
        ExecutionAssert.CompletedWithRepeatsOnlyFromKilledWorkers(run.Jobs.Keys.ToHashSet(), run.Jobs, run.Executions, killedPids: new HashSet<int>());
    }

    /// <summary>
    /// With <c>appendfsync everysec</c> the kill may take the last writes back: enqueues acknowledged in its last
    /// seconds may be gone, and completions too, so their jobs run again. Nothing older may be lost.
    /// </summary>
    [Fact]
    public async Task Workers_LoseAtMostTheLastSecondsAcknowledged_WhenTheServerIsKilledWithAppendfsyncEverysec()
    {
        var run = await RunThroughServerKillAsync("everysec");

        Assert.All(run.LostEnqueues, lost => Assert.True(
            run.AgeAtKill(lost) <= EverysecWindow, $"Job {lost.Id} was lost though acknowledged {run.AgeAtKill(lost).TotalSeconds:F2} s before the kill."));

        var notCompleted = run.Jobs.Values.Where(j => j.State != JobState.Completed).Take(10).Select(j => $"{j.Id}:{j.State}").ToList();
        Assert.True(notCompleted.Count == 0, $"Jobs not completed: {string.Join(", ", notCompleted)}");
        var ranAt = run.Executions.Select(r => (r.JobId, r.Attempt)).ToHashSet();
        var neverRan = run.Jobs.Values.Where(j => !ranAt.Contains((j.Id, j.Attempt))).Take(10).Select(j => $"{j.Id}@{j.Attempt}").ToList();
        Assert.True(neverRan.Count == 0, $"Jobs completed without a run at their final attempt: {string.Join(", ", neverRan)}");
        Assert.Empty(run.Executions.Select(r => r.JobId).Except(run.Jobs.Keys).Except(run.LostEnqueues.Select(l => l.Id)));

        // A job ran again only if it first ran in the last seconds before the kill: its completion (or its fetch) was
        // one of the writes the kill took back.
        var ranAgain = run.Executions.GroupBy(r => r.JobId).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        Assert.Empty(ranAgain.Intersect(run.RanLongBeforeKill));
    }

    /// <summary>
    /// Runs producers and three workers against a private server with <paramref name="appendfsync"/>, SIGKILLs it
    /// <see cref="RunBeforeKill"/> in and restarts it from its AOF; returns what the store and ledgers hold once every
    /// job is finished and the same workers (none exited meanwhile), each having worked after the restart, stopped cleanly.
    /// </summary>
    private async Task<ServerKillRun> RunThroughServerKillAsync(string appendfsync)
    {
        await using var server = await PrivateRedisServer.StartAsync("--appendonly", "yes", "--appendfsync", appendfsync);
        await using var prefix = await JobPrefix.CreateAsync(server.Configuration);
        await using var enqueues = new EnqueueRecorder(server.Configuration, prefix.Name);
        using var fleet = RedisWorkerFleet.Create(Deadline);
        var ownQueues = await StartWorkersAsync(fleet, prefix, enqueues);
        enqueues.StartProducers(Producers, ProducerBatch, ProducerPause);
        await Task.Delay(RunBeforeKill - SafeBeforeKill);
        var longBeforeKill = fleet.Workers.SelectMany(w => w.Executions()).Select(r => r.JobId).ToHashSet();
        await Task.Delay(SafeBeforeKill);

        var killedAt = TimeProvider.System.GetTimestamp();
        await server.KillAsync();
        await enqueues.StopAsync();
        await server.RestartAsync();
        var down = TimeProvider.System.GetElapsedTime(killedAt);
        foreach (var queue in ownQueues)
        {
            await PauseAsync(prefix, queue, paused: false);
        }

        Assert.All(enqueues.Failures, failure => Assert.True(failure.At >= killedAt, $"An enqueue failed before the kill: {failure.Error}"));

        var atRestart = fleet.Workers.ToDictionary(w => w, w => w.Executions().Count);
        await fleet.WaitUntilAsync("every worker has run a job since the restart", () => Task.FromResult(fleet.Workers.All(w => w.Executions().Count > atRestart[w])));
        var carriedOn = TimeProvider.System.GetElapsedTime(killedAt) - down;
        await fleet.WaitUntilAsync("every job is finished", prefix.AllFinishedAsync);
        await fleet.StopAllAsync();

        var run = new ServerKillRun(killedAt, enqueues.Acknowledged, await prefix.AllJobsAsync(), fleet.Executions(), longBeforeKill);
        output.WriteLine($"appendfsync {appendfsync}: {Figures(run)}. Server down {down.TotalMilliseconds:F0} ms, every worker back "
            + $"{carriedOn.TotalMilliseconds:F0} ms after the restart; {fleet.ExecutionsPerWorker()}");
        return run;
    }

    /// <summary>What the kill lost, for the docs.</summary>
    private static string Figures(ServerKillRun run)
    {
        var lostIds = run.LostEnqueues.Select(l => l.Id).ToHashSet();
        var ages = run.LostEnqueues.Count == 0
            ? ""
            : $" (acknowledged {run.LostEnqueues.Max(run.AgeAtKill).TotalMilliseconds:F0} to {run.LostEnqueues.Min(run.AgeAtKill).TotalMilliseconds:F0} ms before the kill)";
        return $"{run.Acknowledged.Count} enqueues acknowledged, {run.Acknowledged.Count(a => run.AgeAtKill(a) <= TimeSpan.FromSeconds(1))} in the last "
            + $"second before the kill; lost: {run.LostEnqueues.Count} acknowledged enqueues{ages}, "
            + $"{run.Executions.GroupBy(r => r.JobId).Count(g => g.Count() > 1)} completions (jobs that ran again), "
            + $"{run.Executions.Count(r => lostIds.Contains(r.JobId))} runs of lost jobs; "
            + $"{run.Jobs.Values.Count(j => j.Errors.Any(e => e.ExceptionType == "crashed"))} jobs rescued after their lease expired (a fetch answer cut by the kill)";
    }

    /// <summary>
    /// Starts the workers, each on the default queue and a paused queue of its own holding <see cref="AfterRestart"/>
    /// jobs, and waits until every one has reported in; returns their own queues.
    /// </summary>
    private static async Task<List<string>> StartWorkersAsync(WorkerFleet fleet, JobPrefix prefix, EnqueueRecorder enqueues)
    {
        var ownQueues = Enumerable.Range(0, Workers).Select(i => $"after_restart_{i}").ToList();
        foreach (var queue in ownQueues)
        {
            await PauseAsync(prefix, queue, paused: true);
            await enqueues.EnqueueAsync(AfterRestart, queue);
            fleet.Start(prefix.Worker() with { Queues = $"{QueueNames.Default},{queue}", LeaseDuration = Lease });
        }

        await fleet.WaitUntilStartedAsync(prefix.Store);
        return ownQueues;
    }

    private static async Task PauseAsync(JobPrefix prefix, string queue, bool paused) =>
        await prefix.Store.SetQueuePausedAsync(new SetQueuePausedRequest { Queue = queue, Paused = paused }, CancellationToken.None);

    /// <summary>A run's outcome: what the server acknowledged, what it holds after the restart, what the workers ran.</summary>
    private sealed record ServerKillRun(
        long KilledAt, IReadOnlyCollection<AcknowledgedJob> Acknowledged, Dictionary<long, JobRecord> Jobs, List<Execution> Executions, HashSet<long> RanLongBeforeKill)
    {
        /// <summary>The acknowledged enqueues the restarted server does not hold (its id missing, or another job's).</summary>
        public List<AcknowledgedJob> LostEnqueues { get; } =
            [.. Acknowledged.Where(a => !Jobs.TryGetValue(a.Id, out var job) || Encoding.UTF8.GetString(job.Args.Span) != a.Args)];

        /// <summary>How long before the kill the enqueue was acknowledged (negative: its answer came after).</summary>
        public TimeSpan AgeAtKill(AcknowledgedJob job) => TimeProvider.System.GetElapsedTime(job.AcknowledgedAt, KilledAt);
    }
}
