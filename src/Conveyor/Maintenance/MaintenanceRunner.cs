using Conveyor.Runtime;
using Conveyor.Storage;
using Microsoft.Extensions.Logging;

namespace Conveyor.Maintenance;

/// <summary>
/// Elects one leader among all nodes through the store and runs the maintenance tasks on it only, except those that
/// run on every node (<see cref="MaintenanceTask.RunsOnEveryNode"/>). The leadership is renewed every third of its
/// TTL; a dead leader's is taken over within one TTL. A node that fails to renew stops running leader tasks at once,
/// so two leaders never run rounds together for longer than a store round trip.
/// </summary>
internal sealed class MaintenanceRunner(
    IJobStore store,
    IReadOnlyList<MaintenanceTask> tasks,
    TimeProvider time,
    ILogger<MaintenanceRunner> logger,
    string nodeId,
    ConveyorOptions options)
{
    private const string LeadershipName = "maintenance";
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    public bool IsLeader { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        var lastRun = tasks.ToDictionary(t => t, _ => long.MinValue);
        var lastElection = long.MinValue;
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            var tick = time.GetTimestamp();
            if (lastElection == long.MinValue || time.GetElapsedTime(lastElection) >= options.LeadershipTtl / 3)
            {
                IsLeader = await TryLeadAsync(stop).ConfigureAwait(false);
                lastElection = time.GetTimestamp();
            }

            foreach (var task in tasks)
            {
                if ((IsLeader || task.RunsOnEveryNode) && IsDue(lastRun[task], tick, task.Interval))
                {
                    lastRun[task] = tick;
                    await RunTaskAsync(task, stop).ConfigureAwait(false);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
    }

    /// <summary>Gives up the leadership so another node can take over at once.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        if (IsLeader)
        {
            IsLeader = false;
            await store.ReleaseLeadershipAsync(new ReleaseLeadershipRequest { Name = LeadershipName, Owner = nodeId }, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether a task that last ran on the tick stamped <paramref name="lastRun"/> is due on the tick stamped
    /// <paramref name="tick"/>. Ticks are stamped when they start, before the election and the tasks ahead, and a timer
    /// wakes a little early or late: half a tick of tolerance keeps an interval of k ticks from stretching to k + 1
    /// (without it a 250 ms promoter ran every 500 ms, a 1 s one every 1.25 s). An interval runs on the tick nearest to it.
    /// </summary>
    private bool IsDue(long lastRun, long tick, TimeSpan interval) =>
        lastRun == long.MinValue || time.GetElapsedTime(lastRun, tick) + Tick / 2 >= interval;

    private async Task<bool> TryLeadAsync(CancellationToken stop)
    {
        try
        {
            var result = await store.TryAcquireLeadershipAsync(new LeadershipRequest { Name = LeadershipName, Owner = nodeId, Ttl = options.LeadershipTtl }, stop).ConfigureAwait(false);
            return result.IsLeader;
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            Log.MaintenanceFailed(logger, ex, "leader election");
            return false;
        }
    }

    private async Task RunTaskAsync(MaintenanceTask task, CancellationToken stop)
    {
        try
        {
            await task.RunOnceAsync(stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            Log.MaintenanceFailed(logger, ex, task.Name);
        }
    }
}
