using Xunit.Abstractions;

namespace Conveyor.Postgres.Tests.Processes;

/// <summary>
/// PostgreSQL restarted under running workers, first with a fast then with an immediate shutdown (crash recovery):
/// the same worker processes ride through both and finish the run, and no job is lost.
/// </summary>
[Collection(nameof(WorkerProcessCollection))]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private const int Jobs = 10_000;
    private const int Workers = 3;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Far longer than a restart, so no lease expires while the server is down. A job may then run only once: a
    /// second run would mean a completion the store acknowledged was lost (synchronous_commit is on). A fetch whose
    /// answer was lost leaves its job leased to a worker that never ran it; that job comes back after this lease at
    /// the next attempt, still running once.
    /// </summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Workers_RideThroughFastAndImmediateRestarts_WithoutLosingOrRepeatingJobs()
    {
        await using var server = await PostgresServer.StartAsync();
        // The test's own reads go unpooled, so no connection broken by a restart is handed to them afterwards.
        await using var schema = await JobSchema.CreateAsync($"{server.ConnectionString};Pooling=false");
        var ids = await schema.InsertAsync("ledger_job", Jobs);
        using var fleet = new WorkerFleet(Deadline);
        fleet.Start(Workers, new WorkerOptions(server.ConnectionString, schema.Name) { LeaseDuration = Lease });

        foreach (var (mode, share) in new[] { (ShutdownMode.Fast, 5), (ShutdownMode.Immediate, 2) })
        {
            await fleet.WaitUntilAsync($"1/{share} of the jobs are completed", async () => await schema.CountAsync(JobState.Completed) >= Jobs / share);
            await server.RestartAsync(mode);
            output.WriteLine($"restarted ({mode}) with {await CompletedAfterRestartAsync(fleet, schema)} of {Jobs} jobs completed");
        }

        await fleet.WaitUntilAsync("every job is finished", schema.AllFinishedAsync);
        // The workers started before the restarts are the ones that finished: none exited (the waits check it) and
        // each stops cleanly now.
        await fleet.StopAllAsync();

        var runs = fleet.Executions();
        output.WriteLine(fleet.ExecutionsPerWorker());
        ExecutionAssert.CompletedWithRepeatsOnlyFromKilledWorkers(ids, await schema.AllJobsAsync(), runs, killedPids: new HashSet<int>());
    }

    private static async Task<long> CompletedAfterRestartAsync(WorkerFleet fleet, JobSchema schema)
    {
        long completed = 0;
        await fleet.WaitUntilAsync("the server answers after the restart", async () =>
        {
            completed = await schema.CountAsync(JobState.Completed);
            return true;
        });
        Assert.True(completed < Jobs, "The run ended before the restart: nothing rode through it.");
        return completed;
    }
}
