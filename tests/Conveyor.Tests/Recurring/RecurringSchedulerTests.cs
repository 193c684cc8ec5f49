using Conveyor.Storage;

namespace Conveyor.Tests.Recurring;

/// <summary>The leader's recurring scheduler on a fake clock and the in-memory store.</summary>
public sealed class RecurringSchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EveryTick_IsEnqueuedOnce_DueAtTheTick()
    {
        var clock = new ScheduleClock(Start);
        await clock.SaveAsync(ScheduleClock.Definition("quarterly", "*/15 * * * *"));

        await clock.RunUntilAsync(Start.AddHours(1), TimeSpan.FromSeconds(1));

        Assert.Equal([Start.AddMinutes(15), Start.AddMinutes(30), Start.AddMinutes(45), Start.AddHours(1)], await clock.TicksAsync("quarterly"));
    }

    [Fact]
    public async Task TwoLeadersAtOnce_NeverEnqueueATickTwice()
    {
        var clock = new ScheduleClock(Start);
        await clock.SaveAsync(ScheduleClock.Definition("every-second", "* * * * * *"));
        var other = clock.NewLeader();

        await clock.Leader.RunOnceAsync(CancellationToken.None);
        for (var second = 0; second < 60; second++)
        {
            clock.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAll(Task.Run(() => clock.Leader.RunOnceAsync(CancellationToken.None)), Task.Run(() => other.RunOnceAsync(CancellationToken.None)));
        }

        // Ticks 1-60 plus the lookahead's one second ahead.
        Assert.Equal(Enumerable.Range(1, 61).Select(s => Start.AddSeconds(s)), await clock.TicksAsync("every-second"));
    }

    [Fact]
    public async Task ANewLeader_CarriesOnFromTheStoredCursor_WithoutSkippingATick()
    {
        var clock = new ScheduleClock(Start);
        await clock.SaveAsync(ScheduleClock.Definition("minutely", "* * * * *"));
        await clock.RunUntilAsync(Start.AddMinutes(3), TimeSpan.FromSeconds(1));

        // The leader dies; 30 s pass before a new one is elected: under the misfire threshold, so nothing is skipped.
        clock.Time.Advance(TimeSpan.FromSeconds(30));
        clock.Leader = clock.NewLeader();
        await clock.RunUntilAsync(Start.AddMinutes(6), TimeSpan.FromSeconds(1));

        Assert.Equal(Enumerable.Range(1, 6).Select(m => Start.AddMinutes(m)), await clock.TicksAsync("minutely"));
    }

    [Theory]
    [InlineData(MisfirePolicy.RunOnce, new[] { 10 })]
    [InlineData(MisfirePolicy.RunAll, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })]
    [InlineData(MisfirePolicy.Skip, new int[0])]
    public async Task TicksMissedWhileNoLeaderRan_FollowTheMisfirePolicy(MisfirePolicy misfire, int[] expectedHours)
    {
        var clock = new ScheduleClock(Start);
        await clock.SaveAsync(ScheduleClock.Definition("hourly", "0 * * * *", misfire: misfire));
        await clock.Leader.RunOnceAsync(CancellationToken.None);

        // No node runs for ten and a half hours.
        clock.Time.Advance(TimeSpan.FromHours(10.5));
        clock.Leader = clock.NewLeader();
        await clock.RunUntilAsync(Start.AddHours(10.6), TimeSpan.FromSeconds(1));

        Assert.Equal(expectedHours.Select(h => Start.AddHours(h)), await clock.TicksAsync("hourly"));
    }

    [Fact]
    public async Task ABadSchedule_DoesNotStopTheOthers()
    {
        var clock = new ScheduleClock(Start);
        await clock.SaveAsync(
            ScheduleClock.Definition("a-bad-expression", "61 * * * *"),
            ScheduleClock.Definition("b-bad-zone", "* * * * *", timeZone: "Mars/Olympus_Mons"),
            ScheduleClock.Definition("c-good", "* * * * *"));

        await clock.RunUntilAsync(Start.AddMinutes(2), TimeSpan.FromSeconds(1));

        Assert.Equal([Start.AddMinutes(1), Start.AddMinutes(2)], await clock.TicksAsync("c-good"));
        Assert.Empty(await clock.TicksAsync("a-bad-expression"));
        Assert.Empty(await clock.TicksAsync("b-bad-zone"));
    }

    [Fact]
    public async Task APausedSchedule_EnqueuesNothing_AndOnResumeSkipsTheTicksItMissed()
    {
        var clock = new ScheduleClock(Start);
        await clock.SaveAsync(ScheduleClock.Definition("minutely", "* * * * *", misfire: MisfirePolicy.RunAll));
        await clock.RunUntilAsync(Start.AddMinutes(1), TimeSpan.FromSeconds(1));

        await clock.Store.SetSchedulePausedAsync(new SetSchedulePausedRequest { Name = "minutely", Paused = true }, CancellationToken.None);
        await clock.RunUntilAsync(Start.AddMinutes(5).AddSeconds(30), TimeSpan.FromSeconds(1));
        await clock.Store.SetSchedulePausedAsync(new SetSchedulePausedRequest { Name = "minutely", Paused = false }, CancellationToken.None);
        await clock.RunUntilAsync(Start.AddMinutes(7), TimeSpan.FromSeconds(1));

        Assert.Equal([Start.AddMinutes(1), Start.AddMinutes(6), Start.AddMinutes(7)], await clock.TicksAsync("minutely"));
    }

    [Fact]
    public async Task TheJobs_CarryTheScheduleDefinition_AndAUniqueKeyPerTick()
    {
        var clock = new ScheduleClock(Start);
        await clock.SaveAsync(ScheduleClock.Definition("minutely", "* * * * *") with { Queue = "reports", Priority = 7, MaxAttempts = 4 });

        await clock.RunUntilAsync(Start.AddMinutes(1), TimeSpan.FromSeconds(1));

        var job = Assert.Single((await clock.Store.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs);
        Assert.Equal(("report", "reports", 7, 4, JobState.Scheduled), (job.Kind, job.Queue, job.Priority, job.MaxAttempts, job.State));
        Assert.Equal("recurring:minutely:2026-06-01T08:01:00Z", job.UniqueKey);
        Assert.Equal("{}", System.Text.Encoding.UTF8.GetString(job.Args.Span));
    }
}
