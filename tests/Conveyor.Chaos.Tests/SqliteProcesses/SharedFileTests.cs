using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.SqliteProcesses;

/// <summary>
/// Four worker and two producer processes on one SQLite file, all writing as fast as they can: SQLite admits one writer
/// at a time, and the store must make the others wait (busy timeout) rather than pass its lock on as an error, while a
/// fetch still claims each job once. SQLite only: the one store whose processes share a file and its lock; PostgreSQL
/// and Redis have a server arbitrate, which the other process tests cover.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class SharedFileTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WorkersAndProducersOnOneFile_SurfaceNoBusyError_AndClaimEachJobOnce()
    {
        var calls = SqliteProcessSizes.CallsPerProducer;
        await using var cluster = await ChaosCluster.CreateAsync(StoreKind.Sqlite, TimeSpan.FromMinutes(3));
        using var producers = new ProducerFleet(TimeSpan.FromMinutes(3));
        await cluster.StartWorkersAsync(4);
        var arguments = new ChaosProducerArguments(cluster.Store) { Calls = calls, Batch = SqliteProcessSizes.Batch };
        producers.Start(arguments);
        producers.Start(arguments);

        await producers.Fleet.WaitUntilAsync(
            $"each producer has made {calls} calls",
            () => Task.FromResult(producers.Fleet.Workers.All(p => ProducerFleet.Calls(p) is { Count: var n } made && n == calls && !made[^1].Unknown)));
        await producers.StopAllAsync();
        await cluster.WaitUntilQuietAsync();
        cluster.AddEnqueues(producers.Enqueues());
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);
        var outcomes = producers.Resolve(history.Jobs);
        var errors = SurfacedErrors.Of(producers, cluster.Fleet);
        output.WriteLine(ChaosReport.Write(
            "sqlite-shared-file", StoreKind.Sqlite, figures,
            $"4 workers + 2 producers on one file, {2 * calls} calls; {outcomes}; errors surfaced: callers {errors.Callers.Count}, workers {errors.Workers.Count}, busy {errors.Busy.Count}"));

        Assert.True(errors.Busy.Count == 0, $"SQLite's lock was passed on as an error {errors.Busy.Count} times:\n{string.Join("\n", errors.Busy.Take(10))}");
        Assert.True(errors.Callers.Count + errors.Workers.Count == 0, $"Errors surfaced:\n{errors}");
        Assert.Equal(2 * calls, outcomes.Acknowledged);
        Assert.Equal(0, outcomes.AcknowledgedMismatched);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Unexpected);
        Assert.Equal(0, figures.SameAttemptTwice);
        Assert.True(figures.DuplicateExecutions == 0, $"No worker was hurt, yet jobs ran twice.\n{Checker.Unattributed(history)}");
        Assert.Equal(0, figures.DuplicateEffects);
        Assert.Equal(0, figures.NotCompletedInStore);
        Assert.Equal(figures.Acknowledged, history.Jobs.Count);
    }
}
