using Conveyor.Storage;
using Conveyor.Tests.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Tests.Recurring;

/// <summary>A schedule's tick jobs, run by the host, leave their last run and last success on the schedule.</summary>
public sealed class ScheduleRunTests
{
    [Fact]
    public async Task ATickJobCompleting_SetsTheSchedulesLastRunAndLastSuccess()
    {
        await using var host = await TestHost.StartAsync(c => c
            .AddHandler<PingHandler>(o => o.Queue = "pings")
            .Queue("pings", 1)
            .Recurring("ping-every-second", "* * * * * *", new Ping(1)));

        var schedule = await WaitForLastRunAsync(host);

        Assert.Equal(JobState.Completed, schedule.LastRun!.State);
        Assert.Equal(0, schedule.LastRun.Tick.Millisecond);
        Assert.True(schedule.LastRun.FinishedAt >= schedule.LastRun.Tick);
        Assert.Equal(schedule.LastRun.Tick, schedule.LastSucceededTick);
    }

    [Fact]
    public async Task ATickJobFailingForGood_SetsTheLastRunDiscarded_AndLeavesTheLastSuccess()
    {
        await using var host = await TestHost.StartAsync(
            c => c.AddHandler<PingHandler>(o => o.Queue = "pings").Queue("pings", 1).Recurring<Ping>("ping-every-second", "* * * * * *", configure: o => o.MaxAttempts = 1),
            start: false);
        host.Probe.Behaviour = (_, _) => throw new InvalidOperationException("the report server is down");
        await host.Host.StartAsync();

        var schedule = await WaitForLastRunAsync(host);

        Assert.Equal(JobState.Discarded, schedule.LastRun!.State);
        Assert.Null(schedule.LastSucceededTick);
    }

    /// <summary>Waits (up to 10 s) until the host's one schedule has a last run, and returns it.</summary>
    private static async Task<StoredSchedule> WaitForLastRunAsync(TestHost host)
    {
        var schedules = host.Host.Services.GetRequiredService<IScheduleStore>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var schedule = Assert.Single((await schedules.ListSchedulesAsync(new ListSchedulesRequest(), timeout.Token)).Schedules);
            if (schedule.LastRun is not null)
            {
                return schedule;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
