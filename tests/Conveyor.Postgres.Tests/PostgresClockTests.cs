using Conveyor.Storage;

namespace Conveyor.Postgres.Tests;

/// <summary>Without a test clock every due, lease and progress time follows the database's clock, whatever the worker's clock says.</summary>
public sealed class PostgresClockTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task FetchAsync_LeasesFromTheDatabaseClock()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync(TestDatabase.Job());

        var job = Assert.Single(await store.FetchAsync(lease: TimeSpan.FromSeconds(30)));

        var now = await DatabaseNowAsync();
        Assert.InRange(job.AttemptedAt!.Value, now - Tolerance, now);
        Assert.Equal(job.AttemptedAt + TimeSpan.FromSeconds(30), job.LeaseExpiresAt);
    }

    [Fact]
    public async Task CompleteAsync_KeepsTheBackoffButNotTheWorkersClock_WhenTheWorkerIsAnHourBehind()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync(TestDatabase.Job());
        var job = Assert.Single(await store.FetchAsync());
        var workerNow = (await DatabaseNowAsync()).AddHours(-1);

        await store.CompleteAsync(StoreCalls.Completion(job, CompletionKind.Retry, workerNow, scheduledAt: workerNow.AddSeconds(10)));

        var stored = (await store.GetAsync(job.Id))!;
        var now = await DatabaseNowAsync();
        Assert.Equal(JobState.Retryable, stored.State);
        Assert.InRange(stored.ScheduledAt, now + TimeSpan.FromSeconds(10) - Tolerance, now + TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task CompleteAsync_FinalizesAtTheDatabaseClock_WhenTheWorkerIsADayAhead()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync(TestDatabase.Job());
        var job = Assert.Single(await store.FetchAsync());

        await store.CompleteAsync(StoreCalls.Completion(job, CompletionKind.Completed, (await DatabaseNowAsync()).AddDays(1)));

        var now = await DatabaseNowAsync();
        Assert.InRange((await store.GetAsync(job.Id))!.FinalizedAt!.Value, now - Tolerance, now);
    }

    [Fact]
    public async Task InsertAsync_KeepsTheProducersDueTime_AsAnAbsoluteInstant()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var due = (await DatabaseNowAsync()).AddMinutes(10).ToOffset(TimeSpan.FromHours(2));

        var id = (await store.InsertAsync(TestDatabase.Job() with { ScheduledAt = due }))[0];

        var stored = (await store.GetAsync(id))!;
        Assert.Equal((JobState.Scheduled, due.UtcDateTime), (stored.State, stored.ScheduledAt.UtcDateTime));
    }

    [Fact]
    public async Task ReportProgressAsync_StampsTheDatabaseClock()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync(TestDatabase.Job());
        var job = Assert.Single(await store.FetchAsync());

        await store.ReportProgressAsync(new ReportProgressRequest { JobId = job.Id, Attempt = job.Attempt, Owner = job.LeaseOwner!, Percent = 30 }, CancellationToken.None);

        var now = await DatabaseNowAsync();
        Assert.InRange((await store.GetAsync(job.Id))!.Progress!.At, now - Tolerance, now);
    }

    private static async Task<DateTimeOffset> DatabaseNowAsync() =>
        new((DateTime)(await TestDatabase.ScalarAsync("SELECT clock_timestamp()"))!, TimeSpan.Zero);
}
