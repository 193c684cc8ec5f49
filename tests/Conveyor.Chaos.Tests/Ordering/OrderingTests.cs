using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Ordering;

/// <summary>
/// Jobs of a type that runs in order, four keys over three worker processes of eight slots each: from the workers'
/// own ledgers, the jobs of a key never overlap and start in enqueue (id) order, while jobs of different keys run side
/// by side. Nothing lost, nothing run twice, no attempt charged (a held-back job is never handed out).
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class OrderingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task JobsOfOneKey_StartOneAtATimeInEnqueueOrder_AcrossWorkers(StoreKind kind)
    {
        var perKey = ChaosTier.Pick(ci: 15, full: 60);
        string[] keys = ["account-1", "account-2", "account-3", "account-4"];
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(5));
        var jobs = Enumerable.Range(0, perKey).SelectMany(_ => keys).Select(k => ((object)new { key = k, ms = 40 }, k)).ToList();
        var ids = await cluster.EnqueueOrderedAsync("chaos_ordered", jobs, 25);
        var keyOf = ids.Select((id, i) => (id, jobs[i].k)).ToDictionary(p => p.id, p => p.k);
        await cluster.StartWorkersAsync(3);

        await cluster.WaitUntilQuietAsync();
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);
        var runs = history.Events.Where(e => e.Kind == LedgerEventKind.Exec)
            .Select(e => (Key: keyOf[e.JobId], e.JobId, Start: e.At, End: history.Events.Single(d => d.Kind == LedgerEventKind.Done && d.JobId == e.JobId && d.Attempt == e.Attempt).At))
            .ToList();
        var byKey = runs.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Start).ToList());
        var overlaps = byKey.Values.Sum(line => line.Zip(line.Skip(1)).Count(p => p.Second.Start < p.First.End));
        var outOfOrder = byKey.Values.Sum(line => line.Zip(line.Skip(1)).Count(p => p.Second.JobId < p.First.JobId));
        var acrossKeys = runs.Count(a => runs.Any(b => b.Key != a.Key && b.Start < a.End && a.Start < b.End));
        var charged = history.Jobs.Values.Count(j => j.Attempt != 1);
        output.WriteLine(ChaosReport.Write("ordering", kind, figures, $"run in order per key, {keys.Length} keys × {perKey} jobs of 40 ms, 3 workers of 8 slots: overlaps within a key {overlaps}; starts out of enqueue order {outOfOrder}; runs overlapping another key's {acrossKeys}; jobs charged more than one attempt {charged}"));

        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Unexpected);
        Assert.Equal(0, figures.DuplicateExecutions);
        Assert.Equal(keys.Length * perKey, runs.Count);
        Assert.Equal(0, overlaps);
        Assert.Equal(0, outOfOrder);
        Assert.True(acrossKeys > 0, "No two keys ever ran side by side: the lines serialised everything, or the test measured nothing.");
        Assert.Equal(0, charged);
    }
}
