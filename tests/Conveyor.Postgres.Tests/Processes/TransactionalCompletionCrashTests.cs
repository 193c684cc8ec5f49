using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Postgres.Tests.Processes;

/// <summary>
/// Jobs that complete in their handler's transaction (CompleteInTransaction), with workers SIGKILLed between the
/// handler's write and the commit: the killed attempt's write never lands, the next attempt's does, exactly once.
/// </summary>
[Collection(nameof(WorkerProcessCollection))]
public sealed class TransactionalCompletionCrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task EffectJob_LandsOnceFromTheSecondAttempt_WhenTheFirstIsKilledBetweenWriteAndCommit()
    {
        await using var schema = await JobSchema.CreateAsync(TestDatabase.ConnectionString);
        var id = (await schema.InsertAsync("effect_job", 1)).Single();
        using var fleet = PostgresWorkerFleet.Create(Deadline);

        var first = fleet.Start(schema.Worker() with { HoldAfterWrite = Timeout.InfiniteTimeSpan });
        await fleet.WaitUntilAsync("the first attempt has written its effect", () => Task.FromResult(first.Executions().Count > 0));
        Assert.Empty(await schema.EffectsAsync());
        await first.KillAsync();

        var second = fleet.Start(schema.Worker());
        await fleet.WaitUntilAsync("the job is finished", schema.AllFinishedAsync);
        await fleet.StopAllAsync();

        var job = await schema.GetAsync(id);
        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(2, job.Attempt);
        Assert.Contains(job.Errors, e => e.Attempt == 1 && e.ExceptionType == "crashed" && first.Owns(e.Worker));
        Assert.Equal([new Execution(id, 1, first.Pid)], first.Executions());
        Assert.Equal(new Execution(id, 2, second.Pid), Assert.Single(await schema.EffectsAsync()).Value);
    }

    [Fact]
    public async Task EffectJobs_LandOnceFromTheCompletingAttempt_WhenWorkersAreKilledRepeatedly()
    {
        const int jobs = 200;
        const int kills = 3;
        await using var schema = await JobSchema.CreateAsync(TestDatabase.ConnectionString);
        var ids = await schema.InsertAsync("effect_job", jobs);
        using var fleet = PostgresWorkerFleet.Create(Deadline);
        // Each attempt keeps its transaction open a while after its write, so a kill nearly always lands in that window.
        var worker = schema.Worker() with { Workers = 4, HoldAfterWrite = TimeSpan.FromMilliseconds(200) };
        fleet.Start(worker);
        fleet.Start(worker);

        for (var kill = 1; kill <= kills; kill++)
        {
            var victim = fleet.Workers.First(w => !w.Killed);
            var threshold = jobs * kill / (kills + 1);
            await fleet.WaitUntilAsync($"{threshold} jobs are completed and the victim holds one", async () =>
                await schema.CountAsync(JobState.Completed) >= threshold && (await schema.HeldByAsync(victim)).Count > 0);
            await victim.KillAsync();
            fleet.Start(worker);
        }

        await fleet.WaitUntilAsync("every job is finished", schema.AllFinishedAsync);
        await fleet.StopAllAsync();

        var runs = fleet.Executions();
        var all = await schema.AllJobsAsync();
        ExecutionAssert.CompletedWithRepeatsOnlyFromKilledWorkers(ids, all, runs, fleet.KilledPids);

        // Exactly one effect per job, and it is the completing attempt's: no killed attempt's write landed.
        ExecutionAssert.EachEffectFromTheCompletingAttempt(ids, all, runs, await schema.EffectsAsync());

        // The kills did land between a write and its commit: some killed attempts wrote, and their writes are gone.
        var rolledBack = runs.Count(r => fleet.KilledPids.Contains(r.Pid) && r.Attempt < all[r.JobId].Attempt);
        output.WriteLine($"writes rolled back by a kill: {rolledBack}; executions: {runs.Count} for {jobs} jobs");
        Assert.True(rolledBack > 0, "No kill landed between an effect's write and its commit.");
    }
}
