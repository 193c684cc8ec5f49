using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Crashes;

/// <summary>
/// A job that takes its own process down (<see cref="Environment.FailFast(string)"/>) among healthy jobs from a steady
/// producer: it must run exactly its attempt limit, end Discarded as <c>crashed</c>, and the healthy jobs' p99 wait
/// (enqueue to start) must stay within 1.5 × the same workload's without it.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class SelfCrashTests(ITestOutputHelper output)
{
    private const int CrashLimit = 3;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task CrashingJob_RunsItsLimit_AndEndsDiscarded_WithoutHurtingTheOthers(StoreKind kind)
    {
        var healthy = ChaosTier.Pick(1_200, 10_000);
        const int perSecond = 200;
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(3));
        await cluster.StartWorkersAsync(4);
        // Warm the workers up first (their first jobs pay for the JIT), so the baseline is the steady state.
        await cluster.EnqueueWorkPacedAsync(perSecond, perSecond);
        await cluster.WaitUntilQuietAsync();
        var baseline = await cluster.EnqueueWorkPacedAsync(healthy, perSecond);
        await cluster.WaitUntilQuietAsync();

        cluster.Fleet.Workers.ToList().ForEach(w => w.AllowExit());
        using var stopReplacing = new CancellationTokenSource();
        var replacing = cluster.ReplaceCrashedWorkersAsync(stopReplacing.Token);
        var crashing = await cluster.EnqueueAsync("chaos_crash", new { }, CrashLimit);
        var withCrashes = await cluster.EnqueueWorkPacedAsync(healthy, perSecond);
        await cluster.WaitUntilQuietAsync();
        await stopReplacing.CancelAsync();
        var replaced = await replacing;
        var history = await cluster.FinishAsync(new HashSet<long> { crashing });
        var figures = Checker.Check(history);

        var baselineP99 = WaitP99(history.Events, baseline);
        var crashedP99 = WaitP99(history.Events, withCrashes);
        output.WriteLine(ChaosReport.Write("self-crash", kind, figures, $"crash limit {CrashLimit}, {replaced} workers replaced; healthy wait p99 {crashedP99:0.0} ms vs {baselineP99:0.0} ms baseline"));

        var crashed = history.Jobs[crashing];
        Assert.Equal(CrashLimit, history.Events.Count(e => e.JobId == crashing && e.Kind == LedgerEventKind.Exec));
        Assert.Equal(CrashLimit, replaced);
        Assert.Equal(JobState.Discarded, crashed.State);
        Assert.Equal("crashed", crashed.Errors[^1].ExceptionType);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.NotCompletedInStore);
        Assert.True(figures.DuplicateExecutions == figures.DuplicatesAttributable, Checker.Unattributed(history));
        Assert.True(crashedP99 <= 1.5 * baselineP99, $"Healthy jobs' wait p99 {crashedP99:0.0} ms with the crashing job, over 1.5 × the baseline's {baselineP99:0.0} ms.");
    }

    private static double WaitP99(IReadOnlyList<LedgerEvent> events, Dictionary<long, DateTimeOffset> enqueued)
    {
        var waits = events.Where(e => e.Kind == LedgerEventKind.Exec && enqueued.ContainsKey(e.JobId))
            .GroupBy(e => e.JobId)
            .Select(g => (g.Min(e => e.UnixMs) - enqueued[g.Key].ToUnixTimeMilliseconds()) * 1.0)
            .Order()
            .ToList();
        Assert.Equal(enqueued.Count, waits.Count);
        return waits[(int)Math.Ceiling(0.99 * waits.Count) - 1];
    }
}
