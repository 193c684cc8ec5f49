using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Redis.Tests.Processes;

/// <summary>
/// Three worker processes on the shared test server, one SIGKILLed five times over during a run (a fresh worker
/// takes each victim's place): no job is lost, every job completes, and a job runs again only when a killed worker
/// held it (at-least-once, duplicates only after a lost lease).
/// </summary>
[Collection(nameof(RedisProcessCollection))]
public sealed class RedisWorkerKillTests(ITestOutputHelper output)
{
    private const int Jobs = 30_000;
    private const int Workers = 3;
    private const int Kills = 5;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    /// <summary>Short, so a killed worker's jobs come back within seconds; the survivors renew theirs three times a lease.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Workers_CompleteEveryJob_WithRepeatsOnlyOfTheJobsKilledWorkersHeld_WhenFiveAreKilledMidRun()
    {
        await using var prefix = await JobPrefix.CreateAsync(RedisTestServer.Configuration);
        var ids = await prefix.InsertAsync(Jobs);
        using var fleet = RedisWorkerFleet.Create(Deadline);
        var worker = prefix.Worker() with { LeaseDuration = Lease };
        fleet.Start(Workers, worker);

        var orphans = new Dictionary<WorkerProcess, List<long>>();
        for (var kill = 1; kill <= Kills; kill++)
        {
            // The last kill comes with a good part of the run left, so the victim still has jobs to hold.
            var threshold = Jobs * kill / (Kills + 2);
            var victim = await OldestWorkingAsync(fleet);
            orphans[victim] = await fleet.KillHoldingJobsAsync(
                victim, $"{threshold} jobs are completed", async () => await prefix.CountAsync(JobState.Completed) >= threshold, w => prefix.HeldByAsync(w));
            fleet.Start(worker);
        }

        await fleet.WaitUntilAsync("every job is finished", prefix.AllFinishedAsync);
        await fleet.StopAllAsync();

        var runs = fleet.Executions();
        var jobs = await prefix.AllJobsAsync();
        var repeated = runs.GroupBy(r => r.JobId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        output.WriteLine($"{fleet.ExecutionsPerWorker()}; held at each kill: {string.Join(", ", orphans.Values.Select(o => o.Count))}; ran more than once: {repeated.Count}");
        Assert.Equal(Kills, fleet.KilledPids.Count);
        ExecutionAssert.CompletedWithRepeatsOnlyFromKilledWorkers(ids, jobs, runs, fleet.KilledPids);

        // A job ran again only if a killed worker held it when it died (frozen first, so it held exactly those).
        Assert.Empty(repeated.Except(orphans.Values.SelectMany(o => o)));

        // Each victim's jobs came back once its leases expired, charged a crashed attempt. One it had finished may have
        // completed anyway: a completion already sent still lands after its sender dies.
        foreach (var (victim, orphaned) in orphans)
        {
            var rescued = orphaned.Where(id => jobs[id].Errors.Any(e => e.ExceptionType == "crashed" && victim.Owns(e.Worker))).ToList();
            Assert.NotEmpty(rescued);
            Assert.All(orphaned.Except(rescued), id => Assert.Contains(new Execution(id, jobs[id].Attempt, victim.Pid), runs));
        }
    }

    /// <summary>The oldest live worker that has run a job: a replacement may still be starting, with nothing to hold.</summary>
    private static async Task<WorkerProcess> OldestWorkingAsync(WorkerFleet fleet)
    {
        WorkerProcess? working = null;
        await fleet.WaitUntilAsync("a live worker has run a job", () =>
            Task.FromResult((working = fleet.Workers.FirstOrDefault(w => !w.Killed && w.Executions().Count > 0)) is not null));
        return working!;
    }
}
