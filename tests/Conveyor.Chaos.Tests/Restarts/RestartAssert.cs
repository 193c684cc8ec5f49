using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Restarts;

/// <summary>The checks every restart run must pass, after its figures are reported.</summary>
internal static class RestartAssert
{
    /// <summary>From the server answering again to each worker's first finished job begun after it, at p99.</summary>
    public static readonly TimeSpan ResumeP99 = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Reports <paramref name="run"/> as <paramref name="test"/> and checks it: the same workers throughout, nothing
    /// acknowledged lost beyond <paramref name="lossWindow"/> before a restart (see <see cref="RestartChecks"/>), nothing
    /// unexpected run, no effect twice, every duplicate explained, every worker resumed after every restart, p99 within 5 s.
    /// </summary>
    public static void Holds(ITestOutputHelper output, string test, StoreKind store, RestartRun run, TimeSpan lossWindow)
    {
        var reused = ReusedIds.Find(run.Acknowledged);
        var (history, acknowledged) = ReusedIds.Separate(run.History, run.Acknowledged, run.Outages);
        var figures = Checker.Check(history);
        var restarts = RestartChecks.Check(history, acknowledged, run.Outages, lossWindow, run.Workers);
        output.WriteLine(ChaosReport.Write(test, store, figures, restarts.Describe()));

        Assert.True(run.Replaced.Count == 0, $"Workers exited or were replaced during the run: {string.Join(", ", run.Replaced)}.");
        Assert.Equal(RestartSizes.Restarts, run.Outages.Count);
        Assert.Equal(acknowledged.Count, figures.Acknowledged);
        Assert.True(restarts.TakenBackBeyondBound.Count == 0, $"Acknowledged enqueues the restarts took back, beyond the {lossWindow.TotalSeconds} s allowed: {Ids(restarts.TakenBackBeyondBound)}");
        Assert.True(restarts.LostBeyondBound.Count == 0, $"Acknowledged jobs no worker finished: {Ids(restarts.LostBeyondBound)}");
        if (lossWindow == TimeSpan.Zero)
        {
            // Where nothing acknowledged may be lost, the basic figure holds as it is.
            Assert.Equal(0, figures.Lost);
            Assert.Empty(reused);
            Assert.Equal(0, restarts.AfterFetchTakenBack);
        }

        Assert.Equal(0, figures.Unexpected);
        Assert.Equal(0, figures.DuplicateEffects);
        Assert.Equal(0, figures.NotCompletedInStore);
        Assert.True(restarts.Unexplained.Count == 0, $"Duplicate executions no restart explains:\n{string.Join("\n", restarts.Unexplained.Take(10))}");
        Assert.True(restarts.NeverResumed.Count == 0, $"Workers that finished nothing after a restart (restart/pid): {string.Join(", ", restarts.NeverResumed)}");
        Assert.True(restarts.ResumePercentile(0.99) <= ResumeP99.TotalMilliseconds, $"Resume p99 {restarts.ResumePercentile(0.99)} ms is over {ResumeP99.TotalMilliseconds} ms: {restarts.Describe()}");
    }

    private static string Ids(IEnumerable<long> ids) => string.Join(", ", ids.Take(20));
}
