using System.Text;

namespace Conveyor.Storage.Conformance;

/// <summary>Recurring schedules: save, list, pause, delete, and the cursor-guarded advance that enqueues ticks.</summary>
public abstract class ScheduleConformance : StoreConformanceBase
{
    private static readonly DateTimeOffset Tick = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SaveSchedules_ListsThemByName_UnpausedWithNoCursor()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        await SaveAsync(store, Schedule("b-hourly", cron: "0 * * * *"), Schedule("a-nightly", timeZone: "Europe/London", misfire: MisfirePolicy.RunAll));

        var schedules = await ListAsync(store);
        Assert.Equal(["a-nightly", "b-hourly"], schedules.Select(s => s.Definition.Name));
        var nightly = schedules[0];
        Assert.Equal(("report", "reports", "0 2 * * *", "Europe/London", MisfirePolicy.RunAll, 3, 5), (nightly.Definition.Kind, nightly.Definition.Queue, nightly.Definition.Cron, nightly.Definition.TimeZone, nightly.Definition.Misfire, nightly.Definition.MaxAttempts, nightly.Definition.Priority));
        Assert.Equal("{\"region\":\"eu\"}", Encoding.UTF8.GetString(nightly.Definition.Args.Span));
        Assert.All(schedules, s => Assert.Equal((false, (DateTimeOffset?)null), (s.Paused, s.Cursor)));
    }

    [Fact]
    public async Task SaveSchedules_ReplacesTheDefinition_AndKeepsThePausedFlagAndCursor()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"));
        Assert.True((await AdvanceAsync(store, "nightly", null, Tick)).Advanced);
        Assert.True(await store.Schedules.SetSchedulePausedAsync(new SetSchedulePausedRequest { Name = "nightly", Paused = true }, CancellationToken.None));

        await SaveAsync(store, Schedule("nightly", cron: "30 3 * * *", queue: "other"));

        var saved = Assert.Single(await ListAsync(store));
        Assert.Equal(("30 3 * * *", "other", true, (DateTimeOffset?)Tick), (saved.Definition.Cron, saved.Definition.Queue, saved.Paused, saved.Cursor));
    }

    [Fact]
    public async Task AdvanceSchedule_MovesTheCursorAndInsertsTheJobs_WhenTheCursorIsAsRead()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"));
        Assert.True((await AdvanceAsync(store, "nightly", null, Tick)).Advanced);

        var result = await AdvanceAsync(store, "nightly", Tick, Tick.AddDays(2), TickJob("nightly", Tick.AddDays(1)), TickJob("nightly", Tick.AddDays(2)));

        Assert.True(result.Advanced);
        Assert.Equal(2, result.JobIds.Count);
        var jobs = new List<JobRecord>();
        foreach (var id in result.JobIds)
        {
            jobs.Add(await GetAsync(store, id));
        }

        Assert.Equal([Tick.AddDays(1), Tick.AddDays(2)], jobs.Select(j => j.ScheduledAt));
        Assert.All(jobs, j => Assert.Equal(("report", "reports", JobState.Scheduled), (j.Kind, j.Queue, j.State)));
        Assert.Equal(Tick.AddDays(2), Assert.Single(await ListAsync(store)).Cursor);
    }

    [Fact]
    public async Task AdvanceSchedule_ChangesNothing_WhenTheCursorMovedSinceItWasRead()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"));
        await AdvanceAsync(store, "nightly", null, Tick);
        await AdvanceAsync(store, "nightly", Tick, Tick.AddDays(1), TickJob("nightly", Tick.AddDays(1)));

        var stale = await AdvanceAsync(store, "nightly", Tick, Tick.AddDays(1), TickJob("nightly", Tick.AddDays(1)));
        var fromNull = await AdvanceAsync(store, "nightly", null, Tick.AddDays(5), TickJob("nightly", Tick.AddDays(5)));

        Assert.Equal((false, 0), (stale.Advanced, stale.JobIds.Count));
        Assert.Equal((false, 0), (fromNull.Advanced, fromNull.JobIds.Count));
        Assert.Equal(Tick.AddDays(1), Assert.Single(await ListAsync(store)).Cursor);
        Assert.Single(await AllJobsAsync(store));
    }

    [Fact]
    public async Task AdvanceSchedule_LetsExactlyOneOfManyConcurrentLeadersEnqueueATick()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("every-second", cron: "* * * * * *"));
        await AdvanceAsync(store, "every-second", null, Tick);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            await AdvanceAsync(store, "every-second", Tick, Tick.AddSeconds(1), TickJob("every-second", Tick.AddSeconds(1))))));

        Assert.Single(results, r => r.Advanced);
        Assert.Single(await AllJobsAsync(store));
    }

    [Fact]
    public async Task AdvanceSchedule_ChangesNothing_WhenTheScheduleIsPausedOrMissing()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"));
        await AdvanceAsync(store, "nightly", null, Tick);
        await store.Schedules.SetSchedulePausedAsync(new SetSchedulePausedRequest { Name = "nightly", Paused = true }, CancellationToken.None);

        var paused = await AdvanceAsync(store, "nightly", Tick, Tick.AddDays(1), TickJob("nightly", Tick.AddDays(1)));
        var missing = await AdvanceAsync(store, "nobody", null, Tick, TickJob("nobody", Tick));

        Assert.False(paused.Advanced);
        Assert.False(missing.Advanced);
        Assert.Empty(await AllJobsAsync(store));
    }

    [Fact]
    public async Task AdvanceSchedule_WithNoJobs_OnlyMovesTheCursor()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"));

        var result = await AdvanceAsync(store, "nightly", null, Tick);

        Assert.Equal((true, 0), (result.Advanced, result.JobIds.Count));
        Assert.Equal(Tick, Assert.Single(await ListAsync(store)).Cursor);
        Assert.Empty(await AllJobsAsync(store));
    }

    [Fact]
    public async Task SetSchedulePaused_PausesAndResumes_AndResumingClearsTheCursor()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"));
        await AdvanceAsync(store, "nightly", null, Tick);

        Assert.True(await store.Schedules.SetSchedulePausedAsync(new SetSchedulePausedRequest { Name = "nightly", Paused = true }, CancellationToken.None));
        var paused = Assert.Single(await ListAsync(store));
        Assert.True(await store.Schedules.SetSchedulePausedAsync(new SetSchedulePausedRequest { Name = "nightly", Paused = false }, CancellationToken.None));
        var resumed = Assert.Single(await ListAsync(store));

        Assert.Equal((true, (DateTimeOffset?)Tick), (paused.Paused, paused.Cursor));
        Assert.Equal((false, (DateTimeOffset?)null), (resumed.Paused, resumed.Cursor));
        Assert.False(await store.Schedules.SetSchedulePausedAsync(new SetSchedulePausedRequest { Name = "nobody", Paused = true }, CancellationToken.None));
    }

    [Fact]
    public async Task DeleteSchedule_RemovesIt_AndLeavesItsJobs()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"), Schedule("hourly"));
        await AdvanceAsync(store, "nightly", null, Tick, TickJob("nightly", Tick));

        Assert.True(await store.Schedules.DeleteScheduleAsync(new DeleteScheduleRequest { Name = "nightly" }, CancellationToken.None));
        Assert.False(await store.Schedules.DeleteScheduleAsync(new DeleteScheduleRequest { Name = "nightly" }, CancellationToken.None));

        Assert.Equal(["hourly"], (await ListAsync(store)).Select(s => s.Definition.Name));
        Assert.Single(await AllJobsAsync(store));
    }

    [Fact]
    public async Task RecordScheduleRun_KeepsTheLastRunAndLastSuccess_WhenRunsFinish()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"));
        var finished = Tick.AddMinutes(3).AddMilliseconds(250);

        Assert.True(await RecordAsync(store, "nightly", Tick, JobState.Completed, finished));

        var saved = Assert.Single(await ListAsync(store));
        Assert.Equal(new ScheduleRun(Tick, JobState.Completed, finished), saved.LastRun);
        Assert.Equal(Tick, saved.LastSucceededTick);
    }

    [Fact]
    public async Task RecordScheduleRun_LeavesThemUnset_WhenNoRunFinished()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"));

        var saved = Assert.Single(await ListAsync(store));

        Assert.Null(saved.LastRun);
        Assert.Null(saved.LastSucceededTick);
    }

    [Fact]
    public async Task RecordScheduleRun_KeepsTheNewerLastRun_WhenAnOlderTickFinishesLater()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"));
        await RecordAsync(store, "nightly", Tick.AddDays(1), JobState.Discarded, Tick.AddDays(1).AddMinutes(1));

        Assert.True(await RecordAsync(store, "nightly", Tick, JobState.Completed, Tick.AddDays(1).AddMinutes(2)));

        var saved = Assert.Single(await ListAsync(store));
        Assert.Equal(new ScheduleRun(Tick.AddDays(1), JobState.Discarded, Tick.AddDays(1).AddMinutes(1)), saved.LastRun);
        Assert.Equal(Tick, saved.LastSucceededTick);
    }

    [Fact]
    public async Task RecordScheduleRun_ReplacesTheLastRun_WhenTheTickIsNewerOrEqual()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"));
        await RecordAsync(store, "nightly", Tick, JobState.Discarded, Tick.AddMinutes(1));
        await RecordAsync(store, "nightly", Tick, JobState.Cancelled, Tick.AddMinutes(2));
        var equal = Assert.Single(await ListAsync(store)).LastRun;

        await RecordAsync(store, "nightly", Tick.AddDays(1), JobState.Completed, Tick.AddDays(1).AddMinutes(1));

        Assert.Equal(new ScheduleRun(Tick, JobState.Cancelled, Tick.AddMinutes(2)), equal);
        Assert.Equal(new ScheduleRun(Tick.AddDays(1), JobState.Completed, Tick.AddDays(1).AddMinutes(1)), Assert.Single(await ListAsync(store)).LastRun);
    }

    [Fact]
    public async Task RecordScheduleRun_MovesTheLastSuccessForwardOnly_AndOnlyOnCompleted()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"));
        await RecordAsync(store, "nightly", Tick.AddDays(1), JobState.Completed, Tick.AddDays(1).AddMinutes(1));

        await RecordAsync(store, "nightly", Tick, JobState.Completed, Tick.AddDays(1).AddMinutes(2));
        await RecordAsync(store, "nightly", Tick.AddDays(2), JobState.Discarded, Tick.AddDays(2).AddMinutes(1));
        await RecordAsync(store, "nightly", Tick.AddDays(3), JobState.Cancelled, Tick.AddDays(3).AddMinutes(1));

        var saved = Assert.Single(await ListAsync(store));
        Assert.Equal(Tick.AddDays(1), saved.LastSucceededTick);
        Assert.Equal(new ScheduleRun(Tick.AddDays(3), JobState.Cancelled, Tick.AddDays(3).AddMinutes(1)), saved.LastRun);
    }

    [Fact]
    public async Task RecordScheduleRun_ReturnsFalse_WhenTheScheduleIsMissing()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"));

        Assert.False(await RecordAsync(store, "nobody", Tick, JobState.Completed, Tick.AddMinutes(1)));
        var saved = Assert.Single(await ListAsync(store));
        Assert.Equal((null, null), (saved.LastRun, saved.LastSucceededTick));
    }

    [Fact]
    public async Task SaveSchedules_KeepsTheRecordedRuns_WhenTheDefinitionIsSavedAgain()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await SaveAsync(store, Schedule("nightly"));
        await RecordAsync(store, "nightly", Tick, JobState.Completed, Tick.AddMinutes(1));
        await RecordAsync(store, "nightly", Tick.AddDays(1), JobState.Discarded, Tick.AddDays(1).AddMinutes(1));

        await SaveAsync(store, Schedule("nightly", cron: "30 3 * * *"));

        var saved = Assert.Single(await ListAsync(store));
        Assert.Equal("30 3 * * *", saved.Definition.Cron);
        Assert.Equal(new ScheduleRun(Tick.AddDays(1), JobState.Discarded, Tick.AddDays(1).AddMinutes(1)), saved.LastRun);
        Assert.Equal(Tick, saved.LastSucceededTick);
    }

    private static ScheduleDefinition Schedule(string name, string cron = "0 2 * * *", string queue = "reports", string timeZone = "UTC", MisfirePolicy misfire = MisfirePolicy.RunOnce) => new()
    {
        Name = name,
        Kind = "report",
        Queue = queue,
        Args = Encoding.UTF8.GetBytes("{\"region\":\"eu\"}"),
        Cron = cron,
        TimeZone = timeZone,
        Misfire = misfire,
        MaxAttempts = 3,
        Priority = 5,
    };

    private static NewJob TickJob(string schedule, DateTimeOffset tick) => new()
    {
        Kind = "report",
        Queue = "reports",
        Args = Encoding.UTF8.GetBytes("{}"),
        MaxAttempts = 3,
        ScheduledAt = tick,
        UniqueKey = $"recurring:{schedule}:{tick:yyyy-MM-ddTHH:mm:ssZ}",
    };

    private static async Task SaveAsync(StoreUnderTest store, params ScheduleDefinition[] schedules) =>
        await store.Schedules.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = schedules }, CancellationToken.None);

    private static async Task<IReadOnlyList<StoredSchedule>> ListAsync(StoreUnderTest store) =>
        (await store.Schedules.ListSchedulesAsync(new ListSchedulesRequest(), CancellationToken.None)).Schedules;

    private static async Task<AdvanceScheduleResult> AdvanceAsync(StoreUnderTest store, string name, DateTimeOffset? expected, DateTimeOffset cursor, params NewJob[] jobs) =>
        await store.Schedules.AdvanceScheduleAsync(new AdvanceScheduleRequest { Name = name, ExpectedCursor = expected, NewCursor = cursor, Jobs = jobs }, CancellationToken.None);

    private static async Task<bool> RecordAsync(StoreUnderTest store, string name, DateTimeOffset tick, JobState state, DateTimeOffset finishedAt) =>
        await store.Schedules.RecordScheduleRunAsync(new RecordScheduleRunRequest { Name = name, Tick = tick, State = state, FinishedAt = finishedAt }, CancellationToken.None);
}
