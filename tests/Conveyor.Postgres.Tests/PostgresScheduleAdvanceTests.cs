using System.Text;
using Conveyor.Storage;

namespace Conveyor.Postgres.Tests;

/// <summary>Advancing a schedule is one transaction: the cursor moves only with its jobs, and their keys act as in any insert.</summary>
public sealed class PostgresScheduleAdvanceTests
{
    private static readonly DateTimeOffset Tick = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AdvanceScheduleAsync_LeavesTheCursorAndInsertsNothing_WhenAJobIsRefused()
    {
        await using var db = new TestDatabase();
        var store = await SavedAsync(db);

        // PostgreSQL text cannot hold U+0000, so the second job's insert fails after the cursor was moved.
        var refused = TestDatabase.Job() with { Kind = "bad\0kind" };
        await Assert.ThrowsAsync<Npgsql.PostgresException>(async () => await AdvanceAsync(store, TestDatabase.Job(), refused));

        Assert.Null(Assert.Single((await store.ListSchedulesAsync(new ListSchedulesRequest(), CancellationToken.None)).Schedules).Cursor);
        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task AdvanceScheduleAsync_ReturnsTheHolder_WhenATicksKeyIsHeldByAnUnfinishedJob()
    {
        await using var db = new TestDatabase();
        var store = await SavedAsync(db);
        var holder = (await store.InsertAsync(TestDatabase.Job(uniqueKey: "recurring:nightly:tick")))[0];

        var result = await AdvanceAsync(store, TestDatabase.Job(uniqueKey: "recurring:nightly:tick"));

        Assert.Equal((true, holder), (result.Advanced, Assert.Single(result.JobIds)));
        Assert.Equal(1, await store.CountAsync());
    }

    private static async Task<PostgresJobStore> SavedAsync(TestDatabase db)
    {
        var store = await db.OpenMigratedAsync();
        var schedule = new ScheduleDefinition
        {
            Name = "nightly",
            Kind = "test",
            Queue = "default",
            Args = Encoding.UTF8.GetBytes("{}"),
            Cron = "0 2 * * *",
            TimeZone = "UTC",
            Misfire = MisfirePolicy.RunOnce,
            MaxAttempts = 3,
        };
        await store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [schedule] }, CancellationToken.None);
        return store;
    }

    private static async Task<AdvanceScheduleResult> AdvanceAsync(PostgresJobStore store, params NewJob[] jobs) =>
        await store.AdvanceScheduleAsync(new AdvanceScheduleRequest { Name = "nightly", ExpectedCursor = null, NewCursor = Tick, Jobs = jobs }, CancellationToken.None);
}
