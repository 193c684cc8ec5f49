using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.SqliteProcesses;

/// <summary>
/// A producer SIGKILLed in the middle of an enqueue call, again and again, each time replaced, while workers work the
/// same file: every acknowledged enqueue must be in the store and run, a cut-off call must have committed whole or not at
/// all, and the file must pass <c>PRAGMA integrity_check</c>. SQLite only: a killed process holding the file's write
/// lock (or halfway through its WAL append) is the embedded store's own hazard; a server store's client dies alone.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ProducerKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ProducerKilledMidCall_LosesNoAcknowledgedEnqueue_AndLeavesTheFileWhole()
    {
        var kills = SqliteProcessSizes.ProducerKills;
        await using var cluster = await ChaosCluster.CreateAsync(StoreKind.Sqlite, TimeSpan.FromMinutes(3));
        using var producers = new ProducerFleet(TimeSpan.FromMinutes(3));
        await cluster.StartWorkersAsync(2);
        var random = new Random(20261124);
        for (var k = 0; k < kills; k++)
        {
            var producer = producers.Start(new ChaosProducerArguments(cluster.Store) { Batch = SqliteProcessSizes.Batch });
            // Past its start-up and enqueueing; then a random moment later, killed inside whichever call it is making.
            await producers.Fleet.WaitUntilAsync($"producer {producer} has been acknowledged", () => Task.FromResult(ProducerFleet.Calls(producer).Any(c => c.Ids is not null)));
            await Task.Delay(random.Next(0, 200));
            await ProducerFleet.KillMidCallAsync(producer, random);
        }

        await cluster.WaitUntilQuietAsync();
        cluster.AddEnqueues(producers.Enqueues());
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);
        var outcomes = producers.Resolve(history.Jobs);
        var errors = SurfacedErrors.Of(producers, cluster.Fleet);
        var integrity = await SqliteFile.IntegrityCheckAsync(cluster.Store.Connection);
        output.WriteLine(ChaosReport.Write(
            "sqlite-producer-kill", StoreKind.Sqlite, figures,
            $"{kills} producers killed mid-call beside 2 workers; {outcomes}; errors surfaced: {errors.Callers.Count + errors.Workers.Count}; integrity_check: {integrity}"));

        Assert.Equal("ok", integrity);
        Assert.Equal(kills, outcomes.UnknownCommitted + outcomes.UnknownNotCommitted + outcomes.Partial);
        Assert.Equal(0, outcomes.Partial);
        Assert.Equal(0, outcomes.AcknowledgedMismatched);
        Assert.True(errors.Callers.Count + errors.Workers.Count == 0, $"Errors surfaced:\n{errors}");
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Unexpected);
        Assert.Equal(0, figures.SameAttemptTwice);
        Assert.True(figures.DuplicateExecutions == 0, $"No worker was hurt, yet jobs ran twice.\n{Checker.Unattributed(history)}");
        Assert.Equal(0, figures.NotCompletedInStore);
        // Every job in the store is an acknowledged one or a committed cut-off call's, and every one of them ran.
        Assert.Equal(figures.Acknowledged + outcomes.UnknownCommittedJobs, history.Jobs.Count);
        var finished = history.Events.Where(e => e.Kind == LedgerEventKind.Done).Select(e => e.JobId).ToHashSet();
        Assert.All(history.Jobs.Values, job => Assert.True(job.State == JobState.Completed && finished.Contains(job.Id), $"Job {job.Id} is {job.State}, finished: {finished.Contains(job.Id)}."));
    }
}
