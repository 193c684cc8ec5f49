using System.Text;
using Conveyor.Storage;

namespace Conveyor.Redis.Tests;

/// <summary>What the Redis store's schedules promise beyond the conformance suite: the queue guard of an advance, and where a schedule's hash lives and what it carries when it moves.</summary>
public sealed class RedisScheduleStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Tick = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AdvanceSchedule_ThrowsAndChangesNothing_WhenTheJobsGoToAnotherQueueThanTheSchedules()
    {
        await using var store = await OpenAsync(RedisTestServer.Configuration);
        await store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Schedule("nightly", "reports")] }, None);

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await AdvanceAsync(store, "nightly", null, Tick, Job("other")));

        Assert.Contains("'reports'", error.Message, StringComparison.Ordinal);
        Assert.Null(Assert.Single((await store.ListSchedulesAsync(new ListSchedulesRequest(), None)).Schedules).Cursor);
        await store.MigrateAsync(0, None);
    }

    [Fact]
    public async Task AdvanceSchedule_ThrowsAndChangesNothing_WhenTheJobsGoToSeveralQueues()
    {
        await using var store = await OpenAsync(RedisTestServer.Configuration);
        await store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Schedule("nightly", "reports")] }, None);

        await Assert.ThrowsAsync<ArgumentException>(async () => await AdvanceAsync(store, "nightly", null, Tick, Job("reports"), Job("other")));

        Assert.Null(Assert.Single((await store.ListSchedulesAsync(new ListSchedulesRequest(), None)).Schedules).Cursor);
        Assert.Empty((await store.ListJobsAsync(new ListJobsRequest { Limit = 10 }, None)).Jobs);
        await store.MigrateAsync(0, None);
    }

    [Fact]
    public async Task OnACluster_AScheduleLivesInItsQueuesSlot_AndMovesToTheNewQueuesSlotWithItsCursor()
    {
        await using var store = await OpenAsync(RedisTestServer.ClusterConfiguration);
        await using var connection = await RedisTestServer.ConnectAsync(RedisTestServer.ClusterConfiguration);
        var database = connection.GetDatabase();
        await store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Schedule("nightly", "reports")] }, None);
        Assert.True((await AdvanceAsync(store, "nightly", null, Tick, Job("reports"))).Advanced);
        Assert.True(await database.KeyExistsAsync($"{store.Prefix}:{{reports}}:schedule:nightly"));

        await store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Schedule("nightly", "billing")] }, None);
        var moved = await AdvanceAsync(store, "nightly", Tick, Tick.AddDays(1), Job("billing", Tick.AddDays(1)));

        Assert.False(await database.KeyExistsAsync($"{store.Prefix}:{{reports}}:schedule:nightly"));
        Assert.True(await database.KeyExistsAsync($"{store.Prefix}:{{billing}}:schedule:nightly"));
        Assert.True(moved.Advanced);
        Assert.Equal("billing", (await store.GetJobAsync(new GetJobRequest { JobId = Assert.Single(moved.JobIds) }, None))!.Queue);
        await store.MigrateAsync(0, None);
    }

    [Fact]
    public async Task OnACluster_AScheduleMovingToAnotherQueue_KeepsItsRecordedRuns()
    {
        await using var store = await OpenAsync(RedisTestServer.ClusterConfiguration);
        await store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Schedule("nightly", "reports")] }, None);
        await RecordAsync(store, Tick, JobState.Completed);
        await RecordAsync(store, Tick.AddDays(1), JobState.Discarded);

        await store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Schedule("nightly", "billing")] }, None);
        var saved = Assert.Single((await store.ListSchedulesAsync(new ListSchedulesRequest(), None)).Schedules);

        Assert.Equal("billing", saved.Definition.Queue);
        Assert.Equal(new ScheduleRun(Tick.AddDays(1), JobState.Discarded, Tick.AddDays(1).AddMinutes(5)), saved.LastRun);
        Assert.Equal(Tick, saved.LastSucceededTick);
        await store.MigrateAsync(0, None);
    }

    private static async Task RecordAsync(RedisJobStore store, DateTimeOffset tick, JobState state) =>
        Assert.True(await store.RecordScheduleRunAsync(new RecordScheduleRunRequest { Name = "nightly", Tick = tick, State = state, FinishedAt = tick.AddMinutes(5) }, None));

    private static async Task<RedisJobStore> OpenAsync(string configuration)
    {
        var store = new RedisJobStore(configuration, new RedisStoreOptions { Prefix = RedisTestServer.NewPrefix() });
        await store.MigrateAsync(null, None);
        return store;
    }

    private static async Task<AdvanceScheduleResult> AdvanceAsync(RedisJobStore store, string name, DateTimeOffset? expected, DateTimeOffset cursor, params NewJob[] jobs) =>
        await store.AdvanceScheduleAsync(new AdvanceScheduleRequest { Name = name, ExpectedCursor = expected, NewCursor = cursor, Jobs = jobs }, None);

    private static ScheduleDefinition Schedule(string name, string queue) => new()
    {
        Name = name,
        Kind = "report",
        Queue = queue,
        Args = Encoding.UTF8.GetBytes("{}"),
        Cron = "0 2 * * *",
        TimeZone = "UTC",
        Misfire = MisfirePolicy.RunOnce,
        MaxAttempts = 3,
    };

    private static NewJob Job(string queue, DateTimeOffset? due = null) => new()
    {
        Kind = "report",
        Queue = queue,
        Args = Encoding.UTF8.GetBytes("{}"),
        MaxAttempts = 3,
        ScheduledAt = due ?? Tick,
    };
}
