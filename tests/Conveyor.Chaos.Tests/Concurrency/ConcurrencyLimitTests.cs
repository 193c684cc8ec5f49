using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Concurrency;

/// <summary>
/// A concurrency limit of one running job per key, across three worker processes of eight slots each: from the
/// workers' own ledgers, no two jobs of one key may ever run at once (each starts after the one before it finished),
/// while jobs of different keys run side by side. Nothing lost, nothing run twice, no attempt charged.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ConcurrencyLimitTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task JobsOfOneKey_NeverRunAtOnce_AcrossWorkers(StoreKind kind)
    {
        var perKey = ChaosTier.Pick(ci: 15, full: 60);
        string[] keys = ["account-1", "account-2", "account-3", "account-4"];
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(5));
        await cluster.EnqueueEachAsync("chaos_exclusive", [.. Enumerable.Range(0, perKey).SelectMany(_ => keys).Select(k => (object)new { key = k, ms = 40 })], 25);
        var keyOf = (await cluster.Store.Admin.AllJobsAsync()).ToDictionary(j => j.Key, j => System.Text.Json.JsonDocument.Parse(j.Value.Args).RootElement.GetProperty("key").GetString()!);
        await cluster.StartWorkersAsync(3);

        await cluster.WaitUntilQuietAsync();
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);
        var runs = history.Events.Where(e => e.Kind == LedgerEventKind.Exec)
            .Select(e => (Key: keyOf[e.JobId], Start: e.At, End: history.Events.Single(d => d.Kind == LedgerEventKind.Done && d.JobId == e.JobId && d.Attempt == e.Attempt).At))
            .ToList();
        var overlaps = runs.GroupBy(r => r.Key)
            .Sum(g => g.OrderBy(r => r.Start).Zip(g.OrderBy(r => r.Start).Skip(1)).Count(p => p.Second.Start < p.First.End));
        var acrossKeys = runs.Count(a => runs.Any(b => b.Key != a.Key && b.Start < a.End && a.Start < b.End));
        var charged = history.Jobs.Values.Count(j => j.Attempt != 1);
        output.WriteLine(ChaosReport.Write("concurrency-limit", kind, figures, $"1 running job per key, {keys.Length} keys × {perKey} jobs of 40 ms, 3 workers of 8 slots: overlaps within a key {overlaps}; runs overlapping another key's {acrossKeys}; jobs charged more than one attempt {charged}"));

        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Unexpected);
        Assert.Equal(0, figures.DuplicateExecutions);
        Assert.Equal(keys.Length * perKey, runs.Count);
        Assert.Equal(0, overlaps);
        Assert.True(acrossKeys > 0, "No two keys ever ran side by side: the limit serialised everything, or the test measured nothing.");
        Assert.Equal(0, charged);
    }
}
