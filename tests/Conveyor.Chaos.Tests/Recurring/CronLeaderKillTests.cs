using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Storage;
using Conveyor.Testing.Processes;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Recurring;

/// <summary>
/// A per-second recurring schedule on three worker processes whose maintenance leader, the node that enqueues the
/// ticks, is SIGKILLed again and again (and replaced). Every second of the run must be enqueued exactly once (no
/// duplicate tick, no missed tick) and every tick's job must run; the ledger checker holds the usual figures too.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class CronLeaderKillTests(ITestOutputHelper output)
{
    private const string Schedule = "chaos-beat";

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task EveryTick_IsEnqueuedAndRunOnce_WhileTheLeaderIsKilled(StoreKind kind)
    {
        var ticks = ChaosTier.Pick(ci: 12, full: 60);
        var kills = ChaosTier.Pick(ci: 2, full: 10);
        await using var cluster = await ChaosCluster.CreateAsync(kind, TimeSpan.FromMinutes(3));
        cluster.Arguments = cluster.Arguments with { Recurring = $"{Schedule}|* * * * * *" };
        await using var redis = kind == StoreKind.Redis ? await ConnectionMultiplexer.ConnectAsync(cluster.Store.Connection) : null;
        await cluster.StartWorkersAsync(3);
        await cluster.Fleet.WaitUntilAsync("the first tick is enqueued", async () => (await cluster.Store.Admin.AllJobsAsync()).Count > 0);

        var started = TimeProvider.System.GetTimestamp();
        var leaders = new List<string>();
        for (var k = 1; k <= kills; k++)
        {
            await Task.Delay(TimeSpan.FromSeconds((double)ticks * k / (kills + 1)) - TimeProvider.System.GetElapsedTime(started));
            var leader = await MaintenanceLeader.LiveWorkerAsync(cluster, redis);
            leaders.Add(leader.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await cluster.KillAsync(leader);
            cluster.Fleet.Start(cluster.Arguments);
        }

        await Task.Delay(TimeSpan.FromSeconds(ticks) - TimeProvider.System.GetElapsedTime(started));
        var schedules = (IScheduleStore)cluster.Store.Store;
        Assert.True(await schedules.SetSchedulePausedAsync(new SetSchedulePausedRequest { Name = Schedule, Paused = true }, CancellationToken.None));
        await cluster.WaitUntilQuietAsync();

        var jobs = (await cluster.Store.Admin.AllJobsAsync()).Values.ToList();
        cluster.AddEnqueues(jobs.Select(j => new Enqueue(j.Id, EnqueueOutcome.Ok, j.CreatedAt)));
        var history = await cluster.FinishAsync();
        var figures = Checker.Check(history);
        // The unique key names each job's tick (a tick enqueued late is due at once, not at the tick).
        var due = jobs.Select(j => DateTimeOffset.Parse(j.UniqueKey![$"recurring:{Schedule}:".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var first = due.Min();
        var last = due.Max();
        var expected = (int)(last - first).TotalSeconds + 1;
        var duplicateTicks = due.Count - due.Distinct().Count();
        var missedTicks = expected - due.Distinct().Count();
        var offTheSecond = due.Count(t => t.UtcTicks % TimeSpan.TicksPerSecond != 0);
        output.WriteLine(ChaosReport.Write(
            "cron-leader-kill",
            kind,
            figures,
            $"per-second schedule on 3 workers, {kills} kills of the leader over {ticks} s; ticks {first:HH:mm:ss}-{last:HH:mm:ss}: expected {expected}, enqueued {due.Count}, duplicate ticks {duplicateTicks}, missed ticks {missedTicks}; leaders killed (pids) {string.Join(" ", leaders)}"));

        Assert.True(expected >= ticks, $"Only {expected} ticks from first to last: the schedule did not run through the test.");
        Assert.Equal(0, duplicateTicks);
        Assert.Equal(0, missedTicks);
        Assert.Equal(0, offTheSecond);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Unexpected);
        Assert.Equal(0, figures.DuplicateEffects);
        Assert.Equal(0, figures.NotCompletedInStore);
        Assert.True(figures.DuplicateExecutions == figures.DuplicatesAttributable, Checker.Unattributed(history));
    }
}
