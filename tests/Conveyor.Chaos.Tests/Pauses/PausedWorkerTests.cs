using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Pauses;

/// <summary>
/// A worker frozen (SIGSTOP) for twice the lease TTL, then let go (SIGCONT): its jobs are taken over meanwhile, and
/// when it wakes nothing it does may count — no stale completion accepted, no stale effect applied.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class PausedWorkerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task WorkerPausedForTwoLeases_HasNoStaleCompletionOrEffectAccepted(StoreKind kind)
    {
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(2));
        await cluster.EnqueueWorkAsync(ChaosTier.Pick(300, 2_000), _ => 300);
        await cluster.StartWorkersAsync(2);
        var sleeper = cluster.Fleet.Workers[0];

        await cluster.Fleet.WaitUntilAsync("worker 0 runs jobs", () => Task.FromResult(Running(sleeper).Count > 0));
        await cluster.PauseAsync(sleeper);
        var held = Running(sleeper);
        await Task.Delay(2 * cluster.Arguments.LeaseDuration);
        await cluster.ResumeAsync(sleeper);
        await cluster.WaitUntilQuietAsync();
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);

        var staleCompletions = held.Count(run => history.Jobs[run.JobId].Attempt == run.Attempt);
        var staleEffects = history.Events.Where(e => e.Kind == LedgerEventKind.Effect && e.Applied && held.Contains(new LedgerEvent(LedgerEventKind.Exec, e.JobId, e.Attempt, e.Pid, 0))).ToList();
        output.WriteLine(ChaosReport.Write("sigstop-2ttl", kind, figures, $"{held.Count} jobs held by the paused worker; stale completions accepted {staleCompletions}, stale effects {staleEffects.Count}"));

        Assert.NotEmpty(held);
        Assert.Equal(0, staleCompletions);
        Assert.True(staleEffects.Count == 0, $"The paused worker applied stale effects. Faults: {string.Join(", ", history.Faults)}\n"
            + string.Join("\n", staleEffects.Take(3).Select(e => string.Join(" ", history.Events.Where(x => x.JobId == e.JobId).Select(x => $"{x.Kind}:{x.Attempt}@{x.Pid}:{x.UnixMs}"))))
            + "\n" + cluster.Fleet.Output);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.DuplicateEffects);
        Assert.Equal(0, figures.NotCompletedInStore);
        Assert.True(figures.DuplicateExecutions == figures.DuplicatesAttributable, Checker.Unattributed(history));
    }

    /// <summary>The executions a worker has begun and not finished, by its ledger (timestamps dropped, to compare by job and attempt).</summary>
    private static HashSet<LedgerEvent> Running(WorkerProcess worker)
    {
        var events = worker.Events();
        var done = events.Where(e => e.Kind == LedgerEventKind.Done).Select(e => (e.JobId, e.Attempt)).ToHashSet();
        return [.. events.Where(e => e.Kind == LedgerEventKind.Exec && !done.Contains((e.JobId, e.Attempt))).Select(e => e with { UnixMs = 0 })];
    }
}
