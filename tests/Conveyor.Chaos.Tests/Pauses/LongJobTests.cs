using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Pauses;

/// <summary>
/// Jobs that run three times the lease TTL on healthy workers: the lease is renewed while they run, so each runs
/// exactly once (the bug where a long job runs again once its lease or invisibility window passes).
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class LongJobTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task JobsRunningThreeLeases_RunExactlyOnce(StoreKind kind)
    {
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(2));
        cluster.Arguments = cluster.Arguments with { LeaseDuration = TimeSpan.FromSeconds(2), LeadershipTtl = TimeSpan.FromSeconds(1) };
        var jobs = ChaosTier.Pick(16, 100);
        await cluster.EnqueueWorkAsync(jobs, _ => (int)(3 * cluster.Arguments.LeaseDuration.TotalMilliseconds));
        await cluster.StartWorkersAsync(2);
        await cluster.WaitUntilQuietAsync();
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);
        output.WriteLine(ChaosReport.Write("long-jobs-3ttl", kind, figures, $"{jobs} jobs of 3 × a {cluster.Arguments.LeaseDuration.TotalSeconds:0} s lease"));

        Assert.Equal(jobs, figures.Acknowledged);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(jobs, figures.Executions);
        Assert.Equal(0, figures.DuplicateExecutions);
        Assert.All(history.Jobs.Values, job => Assert.Equal((JobState.Completed, 1), (job.State, job.Attempt)));
    }
}
