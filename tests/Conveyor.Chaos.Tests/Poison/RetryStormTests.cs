using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Poison;

/// <summary>
/// A retry storm: every job calls a dependency that is down for a while, then recovers. The job type keeps its
/// default retry policy, whose jitter must spread the retries so that no one-second window holds more than 5 % of the
/// jobs' retries starting. The CI tier's outage ends before the first retries (20–60 s after the failures), so it
/// measures their spread; the full tier's outage of 60 s fails first retries again and measures the waves that follow.
/// </summary>
public sealed class RetryStormTests(ITestOutputHelper output)
{
    private const int Workers = 16;
    private const double MaxBurstShare = 0.05;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    // 4,000 jobs on the CI tier: about 100 retries a second (125 in a second and a promoter tick) against the limit
    // of 200, far enough above chance.
    private static readonly int Jobs = ChaosTier.Pick(ci: 4_000, full: 10_000);
    private static readonly TimeSpan Outage = ChaosTier.Pick(ci: TimeSpan.FromSeconds(5), full: TimeSpan.FromSeconds(60));

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task Retries_StartAtMostFivePercentOfTheJobsInAnySecond_WhenADependencyFailsEveryJobThenRecovers(StoreKind kind)
    {
        await using var store = await ChaosStore.CreateAsync(kind);
        var run = new StormRun(Jobs, Outage);

        var elapsed = await RunAsync(store, run);

        var successes = run.Successes.Select((count, n) => (n, count)).Where(s => s.count != 1).Take(10).ToList();
        Assert.True(successes.Count == 0, $"Jobs not succeeded exactly once (job, successes): {string.Join(", ", successes)}");
        var firsts = Timeline.LargestBurst(run.Attempts.Where(a => a.Attempt == 1).Select(a => a.At), Window);
        var retries = Timeline.LargestBurst(run.Attempts.Where(a => a.Attempt > 1).Select(a => a.At), Window);
        Report(kind, run, firsts, retries, elapsed);

        // Without the jitter the retries could come as fast as the first attempts did: the figure is the jitter's.
        Assert.True(firsts.Count > Jobs * MaxBurstShare, $"The first attempts never started faster than {MaxBurstShare:P0} of the jobs a second: the test measures nothing.");
        Assert.True(
            retries.Count <= Jobs * MaxBurstShare,
            $"{retries.Count} retries ({(double)retries.Count / Jobs:P1} of {Jobs} jobs) started within one second from {retries.Start.TotalSeconds:F1} s; at most {MaxBurstShare:P0} allowed.");
    }

    /// <summary>Starts a host, takes the dependency down, enqueues every job and waits until all of them completed.</summary>
    private static async Task<TimeSpan> RunAsync(ChaosStore store, StormRun run)
    {
        await using var host = await InProcessHost.StartAsync(store, s => s.AddSingleton(run), c => c.AddHandler<StormJobHandler>().Queue("default", Workers));
        run.Begin();
        var started = TimeProvider.System.GetTimestamp();
        foreach (var chunk in Enumerable.Range(0, Jobs).Chunk(1_000))
        {
            await host.Client.EnqueueManyAsync(chunk.Select(n => new StormJob(n)));
        }

        await InProcessHost.WaitUntilAsync(
            async () => await host.CountAsync("default", JobState.Completed) == Jobs,
            Outage + ChaosTier.Pick(ci: TimeSpan.FromMinutes(2), full: TimeSpan.FromMinutes(15)),
            () => $"{store}: {run.Successes.Count(s => s > 0)} of {Jobs} jobs succeeded, {run.Attempts.Count} attempts.");
        return TimeProvider.System.GetElapsedTime(started);
    }

    private void Report(StoreKind kind, StormRun run, (int Count, TimeSpan Start) firsts, (int Count, TimeSpan Start) retries, TimeSpan elapsed)
    {
        var retried = run.Attempts.Where(a => a.Attempt > 1).ToList();
        output.WriteLine(ChaosReport.WriteLine(
            "retry-storm",
            kind,
            $"{Jobs} jobs, dependency down {Outage.TotalSeconds:F0} s: largest 1 s burst of retries {retries.Count} ({(double)retries.Count / Jobs:P1} of the jobs; limit {MaxBurstShare:P0}), {retried.Count} retries, all completed after {elapsed.TotalSeconds:F1} s"));
        output.WriteLine($"{kind}: {Jobs} jobs on {Workers} workers, dependency down for {Outage.TotalSeconds:F0} s, default retry policy (BaseDelay {RetryPolicy.Default.BaseDelay.TotalSeconds} s, MaxDelay {RetryPolicy.Default.MaxDelay.TotalHours} h, MaxAttempts {RetryPolicy.Default.MaxAttempts}); all completed after {elapsed.TotalSeconds:F1} s");
        output.WriteLine($"  largest 1 s burst of retries: {retries.Count} ({(double)retries.Count / Jobs:P1} of the jobs) from {retries.Start.TotalSeconds:F2} s; of first attempts: {firsts.Count} from {firsts.Start.TotalSeconds:F2} s");
        output.WriteLine($"  first attempts all started by {run.Attempts.Where(a => a.Attempt == 1).Max(a => a.At).TotalSeconds:F1} s; retries: {retried.Count}, highest attempt {run.Attempts.Max(a => a.Attempt)}, last retry at {retried.Max(a => a.At).TotalSeconds:F1} s");
        var burst = retried.Where(a => a.At >= retries.Start && a.At < retries.Start + Window).ToList();
        var lateness = retried.Select(a => a.AfterDue).ToList();
        output.WriteLine($"  retries started after due: p50 {Timeline.Percentile(lateness, 50).TotalMilliseconds:F0} ms, p99 {Timeline.Percentile(lateness, 99).TotalMilliseconds:F0} ms, max {lateness.Max().TotalMilliseconds:F0} ms; in the largest burst up to {burst.Max(a => a.AfterDue).TotalMilliseconds:F0} ms");
        var around = (int)retries.Start.TotalSeconds;
        foreach (var second in retried.GroupBy(a => (int)a.At.TotalSeconds).Where(g => Math.Abs(g.Key - around) <= 3).OrderBy(g => g.Key))
        {
            output.WriteLine($"  retries starting in second {second.Key}: {second.Count()}");
        }
    }
}
