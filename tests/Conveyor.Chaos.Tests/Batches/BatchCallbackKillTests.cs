using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Storage;
using Conveyor.Testing.Processes;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Batches;

/// <summary>
/// Batches on four worker processes that are SIGKILLed (and replaced) while the batches run, the maintenance leader,
/// which closes batches and releases callbacks, every other kill. Every callback must be released once and run to
/// completion with its effect taken once, never before the last job of its batch finished; the ledger checker holds
/// the usual figures (nothing lost, every duplicate execution a killed worker's).
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class BatchCallbackKillTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task EveryCallback_RunsOnce_AfterItsWholeBatch_WhileWorkersAreKilled(StoreKind kind)
    {
        var batches = ChaosTier.Pick(ci: 8, full: 40);
        var size = ChaosTier.Pick(ci: 50, full: 250);
        var kills = ChaosTier.Pick(ci: 4, full: 12);
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(5));
        await using var redis = kind == StoreKind.Redis ? await ConnectionMultiplexer.ConnectAsync(cluster.Store.Connection) : null;
        var created = new List<CreateBatchResult>();
        // Half the batches before the workers start, the rest between kills, so batches close all through the storm.
        for (var b = 0; b < batches / 2; b++)
        {
            created.Add(await cluster.EnqueueBatchAsync(size, Work, Condition(b)));
        }

        await cluster.StartWorkersAsync(4);
        var random = new Random(20261124);
        for (var k = 1; k <= kills; k++)
        {
            var threshold = (long)batches * size * k / (kills + 2);
            await cluster.Fleet.WaitUntilAsync($"{threshold} jobs completed", async () => await cluster.Store.Admin.CountInStateAsync(JobState.Completed) >= threshold);
            var live = cluster.LiveWorkers();
            var victim = k % 2 == 1 ? await MaintenanceLeader.LiveWorkerAsync(cluster, redis) : live[random.Next(live.Count)];
            await cluster.KillAsync(victim);
            cluster.Fleet.Start(cluster.Arguments);
            while (created.Count < batches / 2 + (batches - batches / 2) * k / kills)
            {
                created.Add(await cluster.EnqueueBatchAsync(size, Work, Condition(created.Count)));
            }
        }

        await cluster.WaitUntilQuietAsync();
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);
        var doneAt = history.Events.Where(e => e.Kind == LedgerEventKind.Done).GroupBy(e => e.JobId).ToDictionary(g => g.Key, g => g.Min(e => e.At));
        var callbacks = created.Select(c => c.CallbackJobId).ToHashSet();
        var execs = history.Events.Where(e => e.Kind == LedgerEventKind.Exec && callbacks.Contains(e.JobId)).ToList();
        var early = created.Count(c => execs.Where(e => e.JobId == c.CallbackJobId).Min(e => e.At) < c.JobIds.Max(id => doneAt[id]));
        var effects = history.Events.Count(e => e.Kind == LedgerEventKind.Effect && e.Applied && callbacks.Contains(e.JobId));
        var rerun = execs.GroupBy(e => e.JobId).Count(g => g.Count() > 1);
        var closed = 0;
        foreach (var batch in created)
        {
            var record = await ((IBatchStore)cluster.Store.Store).GetBatchAsync(new GetBatchRequest { BatchId = batch.BatchId }, CancellationToken.None);
            closed += record?.Counts == new BatchCounts(size, 0, 0, 0) ? 1 : 0;
        }

        output.WriteLine(ChaosReport.Write(
            "batch-callback-kill",
            kind,
            figures,
            $"{created.Count} batches of {size} jobs on 4 workers, {kills} SIGKILLs (the leader every other one): batches closed with every job completed {closed}; callbacks completed {callbacks.Count(id => history.Jobs[id].State == JobState.Completed)}, effects taken {effects}, started before their batch's last job finished {early}, run again after a kill {rerun}"));

        Assert.Equal(batches, created.Count);
        Assert.Equal(batches, closed);
        Assert.All(callbacks, id => Assert.Equal(JobState.Completed, history.Jobs[id].State));
        Assert.Equal(batches, effects);
        Assert.Equal(0, early);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Unexpected);
        Assert.Equal(0, figures.DuplicateEffects);
        Assert.Equal(0, figures.NotCompletedInStore);
        Assert.True(figures.DuplicateExecutions == figures.DuplicatesAttributable, Checker.Unattributed(history));
    }

    private static int Work(int i) => i % 5 == 0 ? 40 : 0;

    private static BatchCondition Condition(int batch) => batch % 2 == 0 ? BatchCondition.AllFinished : BatchCondition.AllSucceeded;
}
