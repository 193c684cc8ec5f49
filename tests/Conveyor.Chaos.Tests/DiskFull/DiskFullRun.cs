using Conveyor.Chaos.Producer;
using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Restarts;
using Conveyor.Chaos.Tests.SqliteProcesses;
using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.DiskFull;

/// <summary>
/// One disk-full run: two workers and a producer enqueueing steadily (jobs of 20 ms, so some are always running); the store's disk is filled until the producer has
/// been refused a number of times (and for at least <see cref="DiskFullSizes.FullFor"/>), then freed; the producer goes on
/// until it has been acknowledged again as often as before, then stops, and the workers finish every job.
/// </summary>
public static class DiskFullRun
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <summary>Runs on <paramref name="cluster"/>, whose store's disk <paramref name="filler"/> fills.</summary>
    public static async Task<DiskFullOutcome> RunAsync(ChaosCluster cluster, DiskFiller filler)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(filler);
        using var producers = new ProducerFleet(Deadline);
        await cluster.StartWorkersAsync(2);
        var producer = producers.Start(new ChaosProducerArguments(cluster.Store) { Batch = 5, Ms = 20, PauseMs = 5 });
        await WaitForCallsAsync(producers, producer, "acknowledged", c => c.Ids is not null, DiskFullSizes.CallsEachSide);

        filler.Fill();
        var refusedBefore = ProducerFleet.Calls(producer).Count(c => c.Error is not null);
        await WaitForCallsAsync(producers, producer, "refused", c => c.Error is not null, refusedBefore + DiskFullSizes.RefusedCalls);
        var left = DiskFullSizes.FullFor - (TimeProvider.System.GetUtcNow() - filler.FilledAt);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }

        filler.Free();
        var acknowledgedBefore = ProducerFleet.Calls(producer).Count(c => c.Ids is not null);
        await WaitForCallsAsync(producers, producer, "acknowledged", c => c.Ids is not null, acknowledgedBefore + DiskFullSizes.CallsEachSide);
        await producers.StopAllAsync();
        await cluster.WaitUntilQuietAsync();
        cluster.AddEnqueues(producers.Enqueues());
        var history = await cluster.FinishAsync();
        // Nothing is lost to a full disk (no loss window): what was acknowledged was written.
        var acknowledged = history.Enqueues.Where(e => e.Outcome == EnqueueOutcome.Ok).Select(e => (e.JobId!.Value, e.At)).ToList();
        StoreOutage[] outage = [new(1, filler.FilledAt, filler.FreedAt)];
        return new DiskFullOutcome
        {
            History = history,
            Figures = Checker.Check(history),
            Calls = producers.Resolve(history.Jobs),
            Errors = SurfacedErrors.Of(producers, cluster.Fleet),
            Full = filler.FreedAt - filler.FilledAt,
            ProducerResumed = ProducerResumed(ProducerFleet.Calls(producer), filler.FreedAt),
            Outage = RestartChecks.Check(history, acknowledged, outage, TimeSpan.Zero, [.. cluster.Fleet.Workers.Select(w => w.Pid)]),
        };
    }

    private static Task WaitForCallsAsync(ProducerFleet producers, WorkerProcess producer, string what, Func<RecordedCall, bool> counted, int count) =>
        producers.Fleet.WaitUntilAsync($"the producer has been {what} {count} times", () => Task.FromResult(ProducerFleet.Calls(producer).Count(counted) >= count));

    private static TimeSpan ProducerResumed(List<RecordedCall> calls, DateTimeOffset freedAt)
    {
        var lastRefused = calls.Last(c => c.Error is not null).Call;
        var resumed = calls.First(c => c.Call > lastRefused && c.Ids is not null).AskedUnixMs;
        return TimeSpan.FromMilliseconds(Math.Max(0, resumed - freedAt.ToUnixTimeMilliseconds()));
    }
}
