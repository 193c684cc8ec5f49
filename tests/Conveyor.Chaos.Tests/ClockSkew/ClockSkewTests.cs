using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.ClockSkew;

/// <summary>
/// Workers whose wall clocks are five minutes off (libfaketime): PostgreSQL and Redis compare due times and leases on
/// the server's clock, so a worker ahead starts no job before it is due, even as the maintenance leader that promotes
/// due jobs and rescues expired leases, and a worker behind loses no lease it keeps renewing.
/// </summary>
/// <remarks>
/// SQLite is left out: it compares due times and leases on the clock of the process that asks (and stamps
/// <c>AttemptedAt</c> with it), which is right for the one machine it serves, where every process reads the same clock;
/// libfaketime fakes what cannot happen there. Run skewed all the same, the worker ahead, leading maintenance, promoted
/// every scheduled job at once and took the others' fresh leases for expired, so it rescued nearly every job they
/// started and almost none started on the worker behind completed there: scheduled jobs started up to 2.6 s before they
/// were due (bounded by the queue's backlog, not the 5 minutes) and 136 jobs ran 449 to 493 times, none lost.
/// </remarks>
[Collection(ProcessTests.Name)]
public sealed class ClockSkewTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    private const int ScheduledJobMs = 500;
    private const int ImmediateJobMs = 200;

    [Theory]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task WorkersFiveMinutesOff_StartNoJobBeforeItIsDue_AndRescueNone(StoreKind kind)
    {
        var sizes = ClockSkewSizes.Current;
        Assert.True(sizes.EarlyStartsWouldShow, $"The sizes hide early starts: {sizes}.");
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(2));
        cluster.Arguments = cluster.Arguments with { LeaseDuration = Lease, LeadershipTtl = Lease / 2, Workers = sizes.Slots };
        await using var leaders = await LeaderWatch.StartAsync(cluster.Store);

        // The worker ahead starts alone, so it takes the maintenance leadership and keeps it: its clock is the one that
        // would promote jobs early and see others' leases expired if a store compared times on its caller's clock.
        var ahead = new SkewedWorker(await cluster.StartWorkerAsync(await Faketime.EnvironmentAsync(Skew)), Skew);
        await cluster.Fleet.WaitUntilAsync("the worker ahead leads maintenance", () => Task.FromResult(leaders.Owners.Any(ahead.Process.Owns)));
        SkewedWorker[] workers =
        [
            ahead,
            new(await cluster.StartWorkerAsync(await Faketime.EnvironmentAsync(-Skew)), -Skew),
            new(await cluster.StartWorkerAsync(new Dictionary<string, string>()), TimeSpan.Zero),
        ];

        var scheduled = await EnqueueAsync(cluster, sizes);
        await cluster.WaitUntilQuietAsync();
        var ledBy = await leaders.StopAsync();
        var history = await cluster.FinishAsync();
        var starts = SkewedStarts.Read(history, scheduled, workers);
        var figures = Checker.Check(starts.Corrected);
        output.WriteLine(starts.Describe());
        output.WriteLine(ChaosReport.Write(
            "clock-skew-5min",
            kind,
            figures,
            $"workers at +5, −5 and 0 min, the +5 one leading; {scheduled.Count} scheduled in {sizes.DueSeconds.Count} batches over {sizes.DueSeconds[0]}–{sizes.DueSeconds[^1]} s, {sizes.ImmediateJobs} immediate, {sizes.LongJobs} of {sizes.LeasesPerLongJob} leases; {starts.Describe()}"));

        Assert.All(ledBy, owner => Assert.True(ahead.Process.Owns(owner), $"Worker {owner} led maintenance, not the one ahead ({ahead.Process.Pid}): the run did not test what it says."));
        Assert.All(starts.Workers, w => Assert.True(w.ScheduledExecutions > 0, $"Worker {w.Worker.Process.Pid} ({w.Worker.Skew}) started no scheduled job: the run did not test its clock."));
        Assert.All(starts.Workers, w => Assert.True(w.OffSkew.Count == 0, $"{string.Join("\n", w.OffSkew.Take(10))}\n{cluster.Fleet.Output}"));
        Assert.Empty(starts.StoreEarly);
        Assert.Empty(starts.LedgerEarly);
        Assert.Equal(sizes.Jobs, figures.Acknowledged);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(sizes.Jobs, figures.Executions);
        Assert.True(figures.DuplicateExecutions == 0, $"{Checker.Unattributed(starts.Corrected)}\n{cluster.Fleet.Output}");
        Assert.Equal(0, figures.DuplicateEffects);
        Assert.Equal(0, figures.NotCompletedInStore);
        // No rescue: a rescue charges an attempt and records a "crashed" error.
        Assert.All(history.Jobs.Values, job => Assert.Equal((JobState.Completed, 1, 0), (job.State, job.Attempt, job.Errors.Count)));
    }

    /// <summary>
    /// Enqueues the run's jobs from the test (unskewed) process: batches due at each of the sizes' offsets from now, then
    /// immediate jobs and jobs of several leases; returns the scheduled jobs with the due times asked for.
    /// </summary>
    private static async Task<Dictionary<long, DateTimeOffset>> EnqueueAsync(ChaosCluster cluster, ClockSkewSizes sizes)
    {
        var now = TimeProvider.System.GetUtcNow();
        var scheduled = new Dictionary<long, DateTimeOffset>();
        foreach (var due in sizes.DueSeconds.Select(s => now.AddSeconds(s)))
        {
            foreach (var id in await cluster.EnqueueWorkAtAsync(due, sizes.JobsPerDueTime, ScheduledJobMs))
            {
                scheduled[id] = due;
            }
        }

        await cluster.EnqueueWorkAsync(sizes.ImmediateJobs, _ => ImmediateJobMs);
        await cluster.EnqueueWorkAsync(sizes.LongJobs, _ => (int)(sizes.LeasesPerLongJob * Lease.TotalMilliseconds));
        return scheduled;
    }
}
