using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Restarts;
using Conveyor.Chaos.Tests.SlowStore;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Partitions;

/// <summary>
/// A group of workers cut off from the store for twice the lease TTL — every packet on their own path to the server (a
/// <see cref="Faults.TcpProxy"/> only they use) dropped, open connections included — while another group keeps its
/// direct path. The cut-off workers' jobs are taken over, their handlers stop within a lease of the cut, nothing they
/// do while cut off counts (no stale completion accepted, no effect past the lease or after a takeover), nothing is
/// lost, and once the partition heals the same processes work again. SQLite has no network hop between a worker and
/// its store (the file is local), so a partition does not apply to it: PostgreSQL and Redis only.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class PartitionTests(ITestOutputHelper output)
{
    /// <summary>
    /// How much later than a lease after the cut a held handler may be seen to end: the lease keeper's timer, the
    /// thread pool and the ledger write on a busy machine. The lease is 4 s; this is the only allowance.
    /// </summary>
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(250);

    [Theory]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task WorkersCutOffForTwoLeases_StopTheirHandlersWithinTheLease_AndNothingStaleCounts(StoreKind kind)
    {
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(2));
        await using var proxy = ProxiedStore.StartProxy(cluster.Store);
        var lease = cluster.Arguments.LeaseDuration;
        var ids = await cluster.EnqueueWorkAsync(PartitionSizes.Jobs, PartitionSizes.WorkMs);
        var work = ids.Select((id, i) => (id, ms: PartitionSizes.WorkMs(i))).ToDictionary(j => j.id, j => j.ms);

        // The cut-off group starts first, so it most likely leads maintenance when cut off: a healthy worker must take over.
        var cutOff = Enumerable.Range(0, PartitionSizes.CutOffWorkers).Select(_ => cluster.Fleet.Start(ProxiedWorkerArguments.Through(cluster.Arguments, proxy))).ToList();
        await cluster.Fleet.WaitUntilStartedAsync(cluster.Store.Admin);
        await cluster.StartWorkersAsync(PartitionSizes.HealthyWorkers);
        await cluster.Fleet.WaitUntilAsync(
            "each cut-off worker runs a job that outlives its lease from now",
            () => Task.FromResult(cutOff.All(w => RunsPast(w, work, lease + TimeSpan.FromSeconds(1)))));

        using var probe = await StoreProbe.OpenAsync(kind, proxy.Port);
        await using var partition = await LoopbackPartition.CutAsync(proxy.Port);
        var answer = probe.AskAsync();
        await Task.Delay(2 * lease);
        Assert.False(answer.IsCompleted, "The store answered on a connection opened before the partition: it does not cut open connections.");
        await partition.HealAsync();
        Assert.Empty(await partition.RemainingRulesAsync());
        cutOff.ForEach(w => cluster.RecordFault(new FaultEvent(FaultKind.Partition, w.Pid, partition.StartedAt, partition.HealedAt)));
        await answer.WaitAsync(TimeSpan.FromSeconds(30));

        await WaitUntilResumedAsync(cluster, cutOff, partition.HealedAt!.Value.ToUnixTimeMilliseconds());
        Assert.DoesNotContain(cutOff, w => w.HasExited);
        await cluster.WaitUntilQuietAsync();
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);
        var cut = PartitionFigures.Of(history, cutOff.Select(w => w.Pid).ToHashSet(), partition, lease + Slack, lease);
        output.WriteLine(ChaosReport.Write("partition-2ttl", kind, figures, cut.Describe(partition)));

        Assert.NotEqual(0, cut.Held);
        Assert.True(cut.Stopped > 0, "No handler caught by the partition had to be stopped: its stop times prove nothing.");
        Assert.True(cut.EndedLate.Count == 0, $"Handlers of the cut-off workers outlived the lease ({lease} + {Slack.TotalMilliseconds} ms) after the cut:\n{string.Join("\n", cut.EndedLate)}\n{cluster.Fleet.Output}");
        // Taken over: the store rescues each caught job once its lease runs out (by the cut plus a lease), within a
        // sweep, even if the cut-off group led maintenance (a healthy worker is elected within the leadership TTL).
        var rescueBound = lease + cluster.Arguments.LeadershipTtl + cluster.Arguments.RescueInterval;
        Assert.Equal(cut.Held, cut.RescueMs.Count);
        Assert.True(cut.RescueMs[^1] <= rescueBound.TotalMilliseconds, $"A caught job was rescued {cut.RescueMs[^1]} ms after the cut (bound {rescueBound.TotalMilliseconds} ms).");
        Assert.Equal(0, cut.NotTakenOver);
        Assert.Equal(0, cut.StaleCompletions);
        Assert.Equal(0, cut.LateEffects);
        Assert.Equal(0, cut.EffectsAfterTakeover);
        Assert.All(cut.RecoveryMs.Values, ms => Assert.NotNull(ms));
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Unexpected);
        Assert.Equal(0, figures.DuplicateEffects);
        Assert.Equal(0, figures.SameAttemptTwice);
        Assert.Equal(0, figures.NotCompletedInStore);
        Assert.True(figures.DuplicateExecutions == figures.DuplicatesAttributable, $"{Checker.Unattributed(history)}\nHealed at {partition.HealedAt!.Value.ToUnixTimeMilliseconds()}.\n{cluster.Fleet.Output}");
    }

    /// <summary>Whether <paramref name="worker"/> runs a job whose work goes on for more than <paramref name="past"/> from now.</summary>
    private static bool RunsPast(WorkerProcess worker, Dictionary<long, int> work, TimeSpan past)
    {
        var events = worker.Events();
        var ended = events.Where(e => e.Kind is LedgerEventKind.Done or LedgerEventKind.Stop).Select(e => (e.JobId, e.Attempt)).ToHashSet();
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        return events.Any(e => e.Kind == LedgerEventKind.Exec && !ended.Contains((e.JobId, e.Attempt)) && e.UnixMs + work[e.JobId] - now > past.TotalMilliseconds);
    }

    /// <summary>
    /// Waits until each of <paramref name="cutOff"/> has finished a job begun after <paramref name="healedMs"/>, feeding
    /// the queue a few short jobs every half second meanwhile, so there is work for them whenever they are back.
    /// </summary>
    private static async Task WaitUntilResumedAsync(ChaosCluster cluster, List<WorkerProcess> cutOff, long healedMs)
    {
        var fed = long.MinValue;
        await cluster.Fleet.WaitUntilAsync("each cut-off worker finishes a job begun after healing", async () =>
        {
            if (cutOff.All(w => RestartChecks.FirstResumed(w.Events(), w.Pid, healedMs) is not null))
            {
                return true;
            }

            if (fed == long.MinValue || TimeProvider.System.GetElapsedTime(fed) > TimeSpan.FromMilliseconds(500))
            {
                fed = TimeProvider.System.GetTimestamp();
                await cluster.EnqueueWorkAsync(4, _ => 200);
            }

            return false;
        });
    }
}
