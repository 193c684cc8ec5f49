using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Crashes;

/// <summary>
/// SIGTERM storm: workers running jobs of many lengths are told to shut down (and replaced) through a run. Nothing may
/// be lost, and only a job that could not finish within the shutdown timeout may run again.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class SigtermStormTests(ITestOutputHelper output)
{
    /// <summary>The chaos worker's shutdown timeout (TestWorkerSettings.ApplyTo).</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The SIGTERM is logged once <c>kill</c> has returned, a little after it landed; a job is said to fit within the
    /// shutdown timeout only if it does with this much to spare.
    /// </summary>
    private static readonly TimeSpan SignalLogSlack = TimeSpan.FromMilliseconds(250);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task TerminatedWorkers_LoseNothing_AndRepeatOnlyJobsLongerThanTheShutdownTimeout(StoreKind kind)
    {
        var jobs = ChaosTier.Pick(80, 400);
        var longest = ChaosTier.Pick(7_000, 20_000);
        var terms = ChaosTier.Pick(4, 20);
        var random = new Random(20261123);
        var lengths = Enumerable.Range(0, jobs).Select(_ => random.Next(longest + 1)).ToList();
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(3));
        var ids = await cluster.EnqueueWorkAsync(jobs, i => lengths[i]);
        var lengthOf = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => lengths[p.i]);
        await cluster.StartWorkersAsync(4);

        for (var t = 0; t < terms; t++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var live = cluster.LiveWorkers().Where(w => !w.MayExit).ToList();
            await cluster.TerminateAsync(live[random.Next(live.Count)]);
            cluster.Fleet.Start(cluster.Arguments);
        }

        await cluster.WaitUntilQuietAsync();
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);
        var terminated = history.Faults.Where(f => f.Kind == FaultKind.Terminate).ToDictionary(f => f.Pid, f => f.At.ToUnixTimeMilliseconds());
        var repeatedThoughTheyFitted = history.Events.Where(e => e.Kind == LedgerEventKind.Exec).GroupBy(e => e.JobId)
            .SelectMany(g => g.OrderBy(e => e.UnixMs).SkipLast(1))
            .Where(run => !terminated.TryGetValue(run.Pid, out var at) || run.UnixMs + lengthOf[run.JobId] <= at + (ShutdownTimeout - SignalLogSlack).TotalMilliseconds)
            .Select(run => $"job {run.JobId} ({lengthOf[run.JobId]} ms) began on {run.Pid} at {run.UnixMs}")
            .ToList();
        output.WriteLine(ChaosReport.Write("sigterm-storm", kind, figures, $"{terms} SIGTERMs of 4 workers, {jobs} jobs of 0–{longest / 1000} s, shutdown timeout {ShutdownTimeout.TotalSeconds:0} s"));

        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Unexpected);
        Assert.Equal(0, figures.SameAttemptTwice);
        Assert.Equal(0, figures.DuplicateEffects);
        Assert.Equal(0, figures.NotCompletedInStore);
        Assert.True(repeatedThoughTheyFitted.Count == 0, "Jobs that could finish within the shutdown timeout ran again:\n" + string.Join("\n", repeatedThoughTheyFitted));
    }
}
