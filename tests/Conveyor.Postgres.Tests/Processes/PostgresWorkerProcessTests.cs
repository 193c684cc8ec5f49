using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Postgres.Tests.Processes;

/// <summary>
/// Three worker processes on one schema: with no crash every job runs exactly once; with one worker SIGKILLed
/// mid-run every job still completes, and a job runs again only when the killed worker held it.
/// </summary>
[Collection(nameof(WorkerProcessCollection))]
public sealed class PostgresWorkerProcessTests(ITestOutputHelper output)
{
    private const int Jobs = 30_000;
    private const int Workers = 3;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Workers_RunEveryJobExactlyOnce_WhenNoneCrashes()
    {
        await using var schema = await JobSchema.CreateAsync(TestDatabase.ConnectionString);
        var ids = await schema.InsertAsync("ledger_job", Jobs);
        using var fleet = PostgresWorkerFleet.Create(Deadline);
        // Leases far longer than any scheduling hiccup: with no crash, no lease may expire.
        fleet.Start(Workers, schema.Worker() with { LeaseDuration = TimeSpan.FromSeconds(15) });

        await fleet.WaitUntilAsync("every job is finished", schema.AllFinishedAsync);
        await fleet.StopAllAsync();

        var runs = fleet.Executions();
        output.WriteLine(fleet.ExecutionsPerWorker());
        ExecutionAssert.CompletedWithRepeatsOnlyFromKilledWorkers(ids, await schema.AllJobsAsync(), runs, killedPids: new HashSet<int>());
        Assert.All(fleet.Workers, w => Assert.NotEmpty(w.Executions()));
    }

    [Fact]
    public async Task Workers_CompleteEveryJob_WithRepeatsOnlyFromTheKilledWorker_WhenOneIsKilledMidRun()
    {
        await using var schema = await JobSchema.CreateAsync(TestDatabase.ConnectionString);
        var ids = await schema.InsertAsync("ledger_job", Jobs);
        using var fleet = PostgresWorkerFleet.Create(Deadline);
        fleet.Start(Workers, schema.Worker());

        var victim = fleet.Workers[0];
        await fleet.WaitUntilAsync("the victim holds jobs a third of the way in", async () =>
            await schema.CountAsync(JobState.Completed) >= Jobs / 3 && (await schema.HeldByAsync(victim)).Count > 0);
        await victim.KillAsync();
        var orphaned = await schema.HeldByAsync(victim);
        await fleet.WaitUntilAsync("every job is finished", schema.AllFinishedAsync);
        await fleet.StopAllAsync();

        var runs = fleet.Executions();
        var jobs = await schema.AllJobsAsync();
        output.WriteLine($"{fleet.ExecutionsPerWorker()}; held at the kill: {orphaned.Count}; ran more than once: {runs.GroupBy(r => r.JobId).Count(g => g.Count() > 1)}");
        ExecutionAssert.CompletedWithRepeatsOnlyFromKilledWorkers(ids, jobs, runs, fleet.KilledPids);

        // The jobs the killed worker held came back once its leases expired, each charged a crashed attempt. One it
        // had finished may have completed anyway: a completion already sent still commits after its sender dies.
        var rescued = orphaned.Where(id => jobs[id].Errors.Any(e => e.ExceptionType == "crashed" && victim.Owns(e.Worker))).ToList();
        Assert.NotEmpty(rescued);
        Assert.All(orphaned.Except(rescued), id => Assert.Contains(new Execution(id, jobs[id].Attempt, victim.Pid), runs));
    }
}
