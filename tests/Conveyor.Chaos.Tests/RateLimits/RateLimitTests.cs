using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.RateLimits;

/// <summary>
/// A rate limit of 50 runs a second per key, kept in the store, across three worker processes that together could
/// run far more: from the workers' own ledgers, no one-second window may hold more than 50 starts of one key, and the
/// limit should be used: a sustained rate of at least 95 % of it (the whole run's rate is reported too). Two keys run side by
/// side, each with its own limit. The store counts each run in a window 25 ms longer than the second, and a run whose
/// last check before its handler cannot pass within 10 ms of asking hands its take back and takes again, or is given
/// up (RateLimitAdmission), so the limit holds for the ledgers' start times, not only for the store's count.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class RateLimitTests(ITestOutputHelper output)
{
    private const int Limit = 50;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task EachKey_StartsAtMostItsLimitInAnySecond_AndUsesAtLeast95PercentOfIt_AcrossThreeWorkerProcesses(StoreKind kind)
    {
        var run = await RunAsync(kind);

        var over = run.Where(k => k.Busiest > Limit).Select(k => $"{k.Key}: {k.Busiest} runs started within one second; the limit is {Limit}.");
        var under = run.Where(k => k.Rate < Limit * 0.95).Select(k => $"{k.Key}: {k.Rate:F1} runs a second sustained, under 95 % of the limit of {Limit}.");
        var failures = over.Concat(under).ToList();
        Assert.True(failures.Count == 0, string.Join(" ", failures));
    }

    /// <summary>
    /// 400 jobs (CI) per key for two keys, run by three worker processes once each has run a few unlimited jobs; each
    /// key's starts from the ledgers: its busiest second and its rate. Nothing lost, nothing unexpected, no duplicate
    /// execution.
    /// </summary>
    private async Task<IReadOnlyList<(string Key, int Busiest, double Rate)>> RunAsync(StoreKind kind)
    {
        var perKey = ChaosTier.Pick(ci: 400, full: 3_000);
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(5));
        cluster.Arguments = cluster.Arguments with { RateLimit = Limit };
        string[] keys = ["customer-a", "customer-b"];
        var jobKeys = Enumerable.Range(0, perKey).SelectMany(_ => keys).ToList();
        // The workers first, warmed by a few unlimited jobs, then the limited ones: the figures measure the limit's use,
        // not how fast three processes start (a new worker's first fetch claims one job and waits for it to finish).
        await cluster.StartWorkersAsync(3);
        await cluster.EnqueueWorkAsync(60, _ => 0);
        await cluster.WaitUntilQuietAsync();
        var ids = await cluster.EnqueueEachAsync("chaos_limited", [.. jobKeys.Select(k => (object)new { key = k })], 25);
        var keyOf = ids.Zip(jobKeys).ToDictionary(p => p.First, p => p.Second);

        await cluster.WaitUntilQuietAsync();
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);
        var results = new List<(string Key, int Busiest, double Rate)>();
        var notes = new List<string>();
        foreach (var key in keys)
        {
            var starts = history.Events.Where(e => e.Kind == LedgerEventKind.Exec && keyOf.GetValueOrDefault(e.JobId) == key).Select(e => e.At).Order().ToList();
            var busiest = starts.Max(t => starts.Count(u => u >= t && u < t + Window));
            // The sustained rate: once the first limit's worth has started, each start frees its slot a period later, so a
            // limit used fully starts Limit runs a period after the Limit before them, however long the first Limit took
            // to claim (on SQLite and PostgreSQL each take is a durable commit, so a burst of 100 claims spreads over
            // tens to hundreds of milliseconds, and every later window keeps that spread without losing any rate).
            var rate = (starts.Count - Limit) / (starts[^1] - starts[Limit - 1]).TotalSeconds;
            // The whole run's rate, reported too: it counts the first window's spread once, which a short run feels.
            var whole = starts.Count / ((starts[^1] - starts[0]) + Window).TotalSeconds;
            notes.Add($"{key}: busiest second {busiest}, sustained {rate:F1}/s ({rate / Limit:P1} of the limit), whole run {whole:F1}/s ({whole / Limit:P1}), first {Limit} starts over {(starts[Limit - 1] - starts[0]).TotalMilliseconds:F0} ms");
            results.Add((key, busiest, rate));
        }

        output.WriteLine(ChaosReport.Write("rate-limit", kind, figures, $"limit {Limit}/s per key, 3 workers of 8 slots; {string.Join("; ", notes)}"));
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Unexpected);
        Assert.Equal(0, figures.DuplicateExecutions);
        return results;
    }
}
