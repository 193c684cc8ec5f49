using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Poison;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Storage;
using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Cancellation;

/// <summary>
/// Cancelling running jobs from another process: three worker processes run long jobs with a 30 s lease (so a renewal
/// comes only every 10 s), and the test cancels them one at a time through the admin store. Each handler's token must
/// fire within a second of its cancel request (the store's notification makes the worker renew at once), wherever
/// the job runs, and each job must end Cancelled, run once.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class CancelLatencyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task ARunningJobsToken_FiresWithinASecondOfItsCancel_OnWhicheverWorkerRunsIt(StoreKind kind)
    {
        var jobs = ChaosTier.Pick(ci: 12, full: 60);
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(3));
        cluster.Arguments = cluster.Arguments with { LeaseDuration = TimeSpan.FromSeconds(30), Workers = jobs };
        var ids = await cluster.EnqueueWorkAsync(jobs, _ => 120_000);
        await cluster.StartWorkersAsync(3);
        await cluster.Fleet.WaitUntilAsync("every job running", async () => await cluster.Store.Admin.CountInStateAsync(JobState.Running) == jobs);

        var asked = new Dictionary<long, DateTimeOffset>();
        foreach (var id in ids)
        {
            asked[id] = TimeProvider.System.GetUtcNow();
            var applied = await cluster.Store.Admin.CancelJobsAsync(new JobIdsRequest { JobIds = [id] }, CancellationToken.None);
            Assert.Equal([id], applied.Applied);
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }

        await cluster.WaitUntilQuietAsync();
        var history = await cluster.FinishAsync();
        var stops = history.Events.Where(e => e.Kind == LedgerEventKind.Stop).GroupBy(e => e.JobId).ToDictionary(g => g.Key, g => g.Min(e => e.At));
        var latencies = ids.Where(stops.ContainsKey).Select(id => stops[id] - asked[id]).ToList();
        var states = history.Jobs.Values.GroupBy(j => j.State).ToDictionary(g => g.Key, g => g.Count());
        var executions = history.Events.Count(e => e.Kind == LedgerEventKind.Exec);
        var p50 = Timeline.Percentile(latencies, 50);
        var p99 = Timeline.Percentile(latencies, 99);
        output.WriteLine(ChaosReport.WriteLine(
            "cancel-latency",
            kind,
            $"{jobs} running jobs on 3 workers, lease 30 s (renewal every 10 s), cancelled one at a time: token fired p50 {p50.TotalMilliseconds:F0} ms, p99 {p99.TotalMilliseconds:F0} ms, max {latencies.DefaultIfEmpty().Max().TotalMilliseconds:F0} ms after the cancel; {stops.Count} stopped, {states.GetValueOrDefault(JobState.Cancelled)} cancelled, {executions} executions"));

        Assert.Equal(jobs, stops.Count);
        Assert.Equal(jobs, states.GetValueOrDefault(JobState.Cancelled));
        Assert.Equal(jobs, executions);
        Assert.True(latencies.Max() <= Bound, $"A handler's token fired {latencies.Max().TotalMilliseconds:F0} ms after its cancel; at most {Bound.TotalMilliseconds:F0} ms allowed.");
    }
}
