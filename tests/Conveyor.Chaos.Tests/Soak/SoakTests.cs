using System.Globalization;
using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Storage;
using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Soak;

/// <summary>
/// Soak: a steady producer and two workers with retention on, for a long run (the full tier: 1,000,000 jobs). The
/// store's job count must plateau (pruning keeps up), no finished job may outlive its retention by more than a prune
/// round, and the workers' memory must not grow after warm-up (CI tier: at most 10 % over the run; full tier: a slope
/// of at most 1 % an hour).
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Retention = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task SteadyLoad_WithRetention_KeepsStorageAndMemoryFlat(StoreKind kind)
    {
        var jobs = ChaosTier.Pick(8_000, 1_000_000);
        // Below what two workers drain on every store here, so what piles up is finished jobs, which pruning governs.
        var perSecond = ChaosTier.Pick(500, 1_000);
        const int batch = 100;
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(5));
        cluster.Arguments = cluster.Arguments with { Retention = Retention, PruneInterval = PruneInterval };
        await cluster.StartWorkersAsync(2);

        var samples = new List<SoakSample>();
        var clock = TimeProvider.System.GetTimestamp();
        var nextSample = TimeSpan.Zero;
        for (var sent = 0; sent < jobs; sent += batch)
        {
            var due = TimeSpan.FromSeconds((double)sent / perSecond) - TimeProvider.System.GetElapsedTime(clock);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            await cluster.EnqueueWorkAsync(Math.Min(batch, jobs - sent), _ => 0, batch: batch);
            if (TimeProvider.System.GetElapsedTime(clock) >= nextSample)
            {
                samples.Add(await SampleAsync(cluster, TimeProvider.System.GetElapsedTime(clock)));
                nextSample += TimeSpan.FromSeconds(ChaosTier.Pick(2, 30));
            }
        }

        await cluster.WaitUntilQuietAsync();
        await Task.Delay(Retention + 3 * PruneInterval);
        var overdue = (await cluster.Store.Admin.AllJobsAsync()).Values
            .Count(j => j.FinalizedAt is { } at && TimeProvider.System.GetUtcNow() - at > Retention + 2 * PruneInterval);
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);

        // The first third is warm-up (the JIT, pools filling, the store's caches); the plateau is judged on the rest.
        var settled = samples.Skip(samples.Count / 3).ToList();
        var middle = settled.Take(settled.Count / 2).ToList();
        var last = settled.Skip(settled.Count / 2).ToList();
        var memoryGrowth = (double)last.Max(s => s.ResidentBytes) / middle.Max(s => s.ResidentBytes) - 1;
        var slopePerHour = Slope(settled) / settled[0].ResidentBytes * 3600;
        output.WriteLine(string.Join("\n", samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.At.TotalSeconds:0}s jobs={s.Jobs} rss={s.ResidentBytes / 1048576.0:0.0}MB"))));
        output.WriteLine(ChaosReport.Write("soak", kind, figures, string.Create(
            CultureInfo.InvariantCulture,
            $"{jobs} jobs at {perSecond}/s, retention {Retention.TotalSeconds:0} s; finished jobs held max {middle.Max(s => s.Jobs)} then {last.Max(s => s.Jobs)}; worker RSS {middle.Max(s => s.ResidentBytes) / 1048576.0:0} then {last.Max(s => s.ResidentBytes) / 1048576.0:0} MB (slope {slopePerHour:P1}/h); overdue finished {overdue}")));

        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, overdue);
        Assert.True(last.Max(s => s.Jobs) <= 1.25 * middle.Max(s => s.Jobs), "The store's finished jobs kept piling up: pruning does not keep up.");
        Assert.True(memoryGrowth <= 0.10, $"Worker memory grew {memoryGrowth:P1} after warm-up.");
        if (ChaosTier.IsFull)
        {
            Assert.True(slopePerHour <= 0.01, $"Worker memory grows {slopePerHour:P2} an hour after warm-up.");
        }
    }

    private static async Task<SoakSample> SampleAsync(ChaosCluster cluster, TimeSpan at) => new(
        at,
        (await cluster.Store.Admin.CountJobsAsync(new CountJobsRequest(), CancellationToken.None)).Counts.Where(c => c.State.IsFinal()).Sum(c => c.Count),
        cluster.LiveWorkers().Sum(w => ProcessMemory.ResidentBytes(w.Pid) ?? 0));

    /// <summary>The least-squares slope of resident memory over time, in bytes a second.</summary>
    private static double Slope(List<SoakSample> samples)
    {
        var meanT = samples.Average(s => s.At.TotalSeconds);
        var meanM = samples.Average(s => (double)s.ResidentBytes);
        var covariance = samples.Sum(s => (s.At.TotalSeconds - meanT) * (s.ResidentBytes - meanM));
        var variance = samples.Sum(s => Math.Pow(s.At.TotalSeconds - meanT, 2));
        return variance == 0 ? 0 : covariance / variance;
    }
}
