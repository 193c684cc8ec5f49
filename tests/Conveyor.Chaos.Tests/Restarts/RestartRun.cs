using Conveyor.Chaos.Tests.Harness;
using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.Restarts;

/// <summary>
/// One run of the restart tests on a cluster whose store is on a private server: four workers and the test's producer
/// work through <see cref="RestartSizes.Restarts"/> restarts, each only once every worker has resumed from the last and
/// <see cref="RestartSizes.Between"/> has passed; then the producer stops, the rest is worked off and the history is
/// gathered. The same worker processes must ride through every restart.
/// </summary>
internal sealed record RestartRun(
    ChaosHistory History, IReadOnlyList<StoreOutage> Outages, IReadOnlyList<(long Id, DateTimeOffset At)> Acknowledged, IReadOnlyList<int> Workers, IReadOnlyList<string> Replaced)
{
    /// <summary>Runs <paramref name="restart"/>(n) for each restart n; it restarts the server and measures the outage.</summary>
    public static async Task<RestartRun> RunAsync(ChaosCluster cluster, Func<int, Task<StoreOutage>> restart)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(restart);
        await cluster.StartWorkersAsync(RestartSizes.Workers);
        var workers = cluster.LiveWorkers();
        var outages = new List<StoreOutage>();
        IReadOnlyList<(long Id, DateTimeOffset At)> acknowledged;
        await using (var producer = RestartProducer.Start(cluster))
        {
            await Task.Delay(RestartSizes.Between);
            for (var n = 1; n <= RestartSizes.Restarts; n++)
            {
                var outage = await restart(n);
                outages.Add(outage);
                cluster.RecordFault(new FaultEvent(FaultKind.StoreRestart, 0, outage.Down));
                await cluster.Fleet.WaitUntilAsync(
                    $"every worker has finished a job begun after restart {n}",
                    () => Task.FromResult(workers.All(w => RestartChecks.FirstResumed(w.Events(), w.Pid, outage.UpMs) is not null)));
                await Task.Delay(RestartSizes.Between);
            }

            await producer.StopAsync();
            acknowledged = producer.Acknowledged;
        }

        await cluster.WaitUntilQuietAsync();
        // No worker restarted: the fleet holds exactly the processes started at first, every one still running.
        var replaced = cluster.Fleet.Workers.Where(w => w.HasExited || !workers.Contains(w)).Select(w => w.ToString()).ToList();
        var history = await cluster.FinishAsync();
        return new RestartRun(history, outages, acknowledged, [.. workers.Select(w => w.Pid)], replaced);
    }
}
