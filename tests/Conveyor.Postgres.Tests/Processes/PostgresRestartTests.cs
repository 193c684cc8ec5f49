using Conveyor.Testing.Processes;
using Conveyor.Testing.Processes.Servers;
using Xunit.Abstractions;

namespace Conveyor.Postgres.Tests.Processes;

/// <summary>
/// PostgreSQL restarted under running workers, first with a fast then with an immediate shutdown (crash recovery):
/// the same worker processes ride through both and finish the run, and no job is lost.
/// </summary>
[Collection(nameof(WorkerProcessCollection))]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private const int Workers = 3;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Far longer than a restart, so no lease expires while the server is down. A fetch whose answer was lost leaves
    /// its job leased to a worker that never ran it; that job comes back after this lease, at its next attempt.
    /// </summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A job may run only once: with synchronous_commit on (the cluster's default), a completion the store
    /// acknowledged survives even an immediate shutdown, and no lease expires, so a second run would mean a lost
    /// acknowledged completion (or a fetch handing a job out twice).
    /// </summary>
    [Fact]
    public async Task Workers_RunEveryJobOnce_WhenTheServerRestartsFastThenImmediately()
    {
        var run = await RunThroughRestartsAsync("ledger_job", jobs: 10_000);

        ExecutionAssert.CompletedWithRepeatsOnlyFromKilledWorkers(run.Ids, run.Jobs, run.Executions, killedPids: new HashSet<int>());
    }

    /// <summary>
    /// Here a job may run again: a commit cut by the restart fails its attempt (whether it landed is unknown, and the
    /// guard drops the retry if it did). But only after such a failure, and its effect lands exactly once, from the
    /// attempt whose completion committed with it.
    /// </summary>
    [Fact]
    public async Task EffectJobs_LandOnceFromTheCompletingAttempt_WhenTheServerRestartsFastThenImmediately()
    {
        var run = await RunThroughRestartsAsync("effect_job", jobs: 3_000);

        ExecutionAssert.CompletedWithRepeatsOnlyAfterFailedAttempts(run.Ids, run.Jobs, run.Executions);
        ExecutionAssert.EachEffectFromTheCompletingAttempt(run.Ids, run.Jobs, run.Executions, run.Effects);
    }

    /// <summary>
    /// Runs <paramref name="jobs"/> jobs of <paramref name="kind"/> on three workers against a private cluster,
    /// restarting it fast a fifth of the way in and immediately half way; returns what the store and ledgers hold once
    /// every job is finished and the same workers (none exited meanwhile) stopped cleanly.
    /// </summary>
    private async Task<RestartRun> RunThroughRestartsAsync(string kind, int jobs)
    {
        await using var server = await PostgresServer.StartAsync();
        // The test's own reads go unpooled, so no connection broken by a restart is handed to them afterwards.
        await using var schema = await JobSchema.CreateAsync($"{server.ConnectionString};Pooling=false");
        var ids = await schema.InsertAsync(kind, jobs);
        using var fleet = PostgresWorkerFleet.Create(Deadline);
        fleet.Start(Workers, new WorkerOptions(server.ConnectionString, schema.Name) { LeaseDuration = Lease });

        foreach (var (mode, share) in new[] { (ShutdownMode.Fast, 5), (ShutdownMode.Immediate, 2) })
        {
            await fleet.WaitUntilAsync($"1/{share} of the jobs are completed", async () => await schema.CountAsync(JobState.Completed) >= jobs / share);
            await server.RestartAsync(mode);
            var completed = await CompletedAfterRestartAsync(fleet, schema);
            output.WriteLine($"restarted ({mode}) with {completed} of {jobs} jobs completed");
            Assert.True(completed < jobs, "The run ended before the restart: nothing rode through it.");
        }

        await fleet.WaitUntilAsync("every job is finished", schema.AllFinishedAsync);
        await fleet.StopAllAsync();
        output.WriteLine(fleet.ExecutionsPerWorker());
        return new RestartRun(ids, await schema.AllJobsAsync(), fleet.Executions(), await schema.EffectsAsync());
    }

    /// <summary>The completed count once the server answers again (the wait rides out its first refusals).</summary>
    private static async Task<long> CompletedAfterRestartAsync(WorkerFleet fleet, JobSchema schema)
    {
        long completed = 0;
        await fleet.WaitUntilAsync("the server answers after the restart", async () =>
        {
            completed = await schema.CountAsync(JobState.Completed);
            return true;
        });
        return completed;
    }

    private sealed record RestartRun(HashSet<long> Ids, Dictionary<long, JobRecord> Jobs, List<Execution> Executions, Dictionary<long, Execution> Effects);
}
