using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.RateLimits;

/// <summary>
/// A rate limit of 50 runs a second per key, kept in the store, across three worker processes that together could
/// run far more: from the workers' own ledgers, no one-second window may hold more than 50 starts of one key, and the
/// limit must be used: at least 95 % of it over the run. Two keys run side by side, each with its own limit. The store
/// counts each run in a window 20 ms longer than the second and a handler that cannot start within 20 ms of asking
/// gives its run up (RateLimitAdmission), so the limit holds for the ledgers' start times, not only for the store's
/// count.
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
    public async Task EachKey_RunsAtMostItsLimitInAnySecond_AndUsesAtLeast95PercentOfIt(StoreKind kind)
    {
        var perKey = ChaosTier.Pick(ci: 400, full: 3_000);
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(5));
        cluster.Arguments = cluster.Arguments with { RateLimit = Limit };
        string[] keys = ["customer-a", "customer-b"];
        await cluster.EnqueueEachAsync("chaos_limited", [.. Enumerable.Range(0, perKey).SelectMany(_ => keys).Select(k => (object)new { key = k })], 25);
        var keyOf = (await cluster.Store.Admin.AllJobsAsync()).ToDictionary(j => j.Key, j => System.Text.Json.JsonDocument.Parse(j.Value.Args).RootElement.GetProperty("key").GetString()!);
        await cluster.StartWorkersAsync(3);

        await cluster.WaitUntilQuietAsync();
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);
        var notes = new List<string>();
        var failures = new List<string>();
        foreach (var key in keys)
        {
            var starts = history.Events.Where(e => e.Kind == LedgerEventKind.Exec && keyOf[e.JobId] == key).Select(e => e.At).Order().ToList();
            var busiest = starts.Max(t => starts.Count(u => u >= t && u < t + Window));
            // The run's first window may take the whole limit at once, and every later second another limit's worth:
            // a run that used the limit fully lasts (jobs / limit − 1) s from first start to last, plus that window.
            var rate = starts.Count / ((starts[^1] - starts[0]) + Window).TotalSeconds;
            notes.Add($"{key}: {starts.Count} runs, busiest second {busiest}, {rate:F1}/s ({rate / Limit:P1} of the limit)");
            if (busiest > Limit)
            {
                failures.Add($"{key}: {busiest} runs started within one second; the limit is {Limit}.");
            }

            if (rate < Limit * 0.95)
            {
                failures.Add($"{key}: {rate:F1} runs a second, under 95 % of the limit of {Limit}.");
            }
        }

        output.WriteLine(ChaosReport.Write("rate-limit", kind, figures, $"limit {Limit}/s per key, 3 workers of 8 slots; {string.Join("; ", notes)}"));
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Unexpected);
        Assert.Equal(0, figures.DuplicateExecutions);
        Assert.True(failures.Count == 0, string.Join(" ", failures));
    }
}
