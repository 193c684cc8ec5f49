using Conveyor.Storage;

namespace Conveyor.Postgres.Tests;

/// <summary>
/// LISTEN/NOTIFY wake-ups and cancel requests: a queue name on commit, never before (an insert, a promotion, a
/// released batch callback); a cancel request only for a running job; one connection for both; reconnection; nothing
/// when turned off.
/// </summary>
public sealed class PostgresNotifierTests
{
    [Fact]
    public async Task ListenAsync_NamesTheQueue_OnlyOnceTheInsertCommits()
    {
        await using var db = new TestDatabase();
        await using var wakeups = await Wakeups.ListenAsync(await db.OpenMigratedAsync());
        var connection = await db.ConnectAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        await db.Open().InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job(queue: "mail")], Transaction = transaction }, CancellationToken.None);
        Assert.True(await wakeups.StayedQuietAsync());
        await transaction.CommitAsync();

        Assert.Equal("mail", await wakeups.NextAsync());
    }

    [Fact]
    public async Task ListenAsync_StaysQuiet_WhenTheInsertRollsBackOrTheJobIsScheduled()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await using var wakeups = await Wakeups.ListenAsync(store);
        var connection = await db.ConnectAsync();

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await store.InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job()], Transaction = transaction }, CancellationToken.None);
            await transaction.RollbackAsync();
        }

        await store.InsertAsync(TestDatabase.Job() with { ScheduledAt = DateTimeOffset.UnixEpoch.AddYears(100) });
        Assert.True(await wakeups.StayedQuietAsync());
    }

    [Fact]
    public async Task ListenAsync_NamesTheQueuesOfPromotedJobs()
    {
        await using var db = new TestDatabase();
        var time = TestDatabase.NewClock();
        var store = await db.OpenMigratedAsync(time);
        await store.InsertAsync(TestDatabase.Job(queue: "later") with { ScheduledAt = time.GetUtcNow().AddMinutes(1) });
        await using var wakeups = await Wakeups.ListenAsync(store);

        time.Advance(TimeSpan.FromMinutes(1));
        await store.PromoteDueAsync(new PromoteDueRequest { Limit = 10 }, CancellationToken.None);

        Assert.Equal("later", await wakeups.NextAsync());
    }

    [Fact]
    public async Task ListenAsync_NamesTheQueueOfAReleasedCallback_AndStaysQuietForACancelledOne()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        foreach (var (queue, condition) in new[] { ("released", BatchCondition.AllFinished), ("cancelled", BatchCondition.AllSucceeded) })
        {
            await store.CreateBatchAsync(new CreateBatchRequest { Jobs = [TestDatabase.Job()], Callback = TestDatabase.Job(queue: queue), Condition = condition }, CancellationToken.None);
        }

        await store.CompleteAsync([.. (await store.FetchAsync()).Select(j => StoreCalls.Completion(j, CompletionKind.Discard, DateTimeOffset.UnixEpoch))]);
        await using var wakeups = await Wakeups.ListenAsync(store);

        Assert.Equal(2, (await store.CloseFinishedBatchesAsync(new CloseBatchesRequest { Limit = 10 }, CancellationToken.None)).Closed.Count);

        Assert.Equal("released", await wakeups.NextAsync());
        Assert.True(await wakeups.StayedQuietAsync());
    }

    [Fact]
    public async Task ListenAsync_HearsOnlyItsOwnSchema()
    {
        await using var db = new TestDatabase();
        await using var other = new TestDatabase();
        await using var wakeups = await Wakeups.ListenAsync(await db.OpenMigratedAsync());

        await (await other.OpenMigratedAsync()).InsertAsync(TestDatabase.Job());

        Assert.True(await wakeups.StayedQuietAsync());
    }

    [Fact]
    public async Task ListenAsync_ReconnectsAndWakesEveryQueue_WhenItsConnectionIsKilled()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await using var wakeups = await Wakeups.ListenAsync(store);

        Assert.Equal(1L, await TestDatabase.ScalarAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE {db.Listener}"));

        // Notifications sent while it was away are lost, so it first wakes every queue (null), then listens again.
        Assert.Null(await wakeups.NextAsync());
        await store.InsertAsync(TestDatabase.Job(queue: "after"));
        Assert.Equal("after", await wakeups.NextAsync());
    }

    [Fact]
    public async Task ListenAsync_StopsCallingBack_WhenTheSubscriptionIsDisposed()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var wakeups = await Wakeups.ListenAsync(store);

        await wakeups.DisposeAsync();
        await store.InsertAsync(TestDatabase.Job());

        Assert.True(await wakeups.StayedQuietAsync());
        Assert.Equal(0L, await db.CountListenersAsync());
    }

    [Fact]
    public async Task ListenForCancelRequestsAsync_Calls_WhenARunningJobGetsACancelRequest()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var id = (await store.InsertAsync(TestDatabase.Job()))[0];
        await store.FetchAsync();
        await using var cancels = await Wakeups.ListenForCancelRequestsAsync(store);

        await store.CancelJobsAsync(new JobIdsRequest { JobIds = [id] }, CancellationToken.None);

        Assert.Equal(Wakeups.CancelRequested, await cancels.NextAsync());
        Assert.True(await cancels.StayedQuietAsync());
    }

    [Fact]
    public async Task ListenForCancelRequestsAsync_StaysQuiet_WhenNoRunningJobWasCancelled()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var waiting = (await store.InsertAsync(TestDatabase.Job()))[0];
        await using var cancels = await Wakeups.ListenForCancelRequestsAsync(store);

        await store.CancelJobsAsync(new JobIdsRequest { JobIds = [waiting, waiting + 1000] }, CancellationToken.None);
        await store.CancelJobsAsync(new JobIdsRequest { JobIds = [waiting] }, CancellationToken.None);

        Assert.True(await cancels.StayedQuietAsync());
    }

    [Fact]
    public async Task ListenForCancelRequestsAsync_Calls_OnTheLongestSchemaName()
    {
        // <schema>_stop must fit PostgreSQL's 63 characters, or pg_notify would fail the cancel itself.
        await using var db = new TestDatabase(length: 58);
        var store = await db.OpenMigratedAsync();
        var id = (await store.InsertAsync(TestDatabase.Job()))[0];
        await store.FetchAsync();
        await using var cancels = await Wakeups.ListenForCancelRequestsAsync(store);

        var applied = await store.CancelJobsAsync(new JobIdsRequest { JobIds = [id] }, CancellationToken.None);

        Assert.Equal([id], applied.Applied);
        Assert.Equal(Wakeups.CancelRequested, await cancels.NextAsync());
    }

    [Fact]
    public async Task ListenAndListenForCancelRequests_ShareOneConnection_AndBothHearAgainAfterItIsKilled()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await using var wakeups = await Wakeups.ListenAsync(store);
        await using var cancels = await Wakeups.ListenForCancelRequestsAsync(store);

        Assert.Equal(1L, await TestDatabase.ScalarAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE {db.Listener}"));

        // Cancel requests sent while it was away are lost too, so each subscription is called once, then listens again.
        Assert.Null(await wakeups.NextAsync());
        Assert.Equal(Wakeups.CancelRequested, await cancels.NextAsync());
        var id = (await store.InsertAsync(TestDatabase.Job()))[0];
        Assert.Equal("default", await wakeups.NextAsync());
        await store.FetchAsync();
        await store.CancelJobsAsync(new JobIdsRequest { JobIds = [id] }, CancellationToken.None);
        Assert.Equal(Wakeups.CancelRequested, await cancels.NextAsync());
    }

    [Fact]
    public async Task ListenAndListenForCancelRequests_KeepTheConnection_UntilTheLastSubscriptionIsDisposed()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var wakeups = await Wakeups.ListenAsync(store);
        await using var cancels = await Wakeups.ListenForCancelRequestsAsync(store);

        await wakeups.DisposeAsync();
        var id = (await store.InsertAsync(TestDatabase.Job()))[0];
        await store.FetchAsync();
        await store.CancelJobsAsync(new JobIdsRequest { JobIds = [id] }, CancellationToken.None);

        Assert.Equal(Wakeups.CancelRequested, await cancels.NextAsync());
        Assert.True(await wakeups.StayedQuietAsync());
        await cancels.DisposeAsync();
        Assert.Equal(0L, await db.CountListenersAsync());
    }

    [Fact]
    public async Task ListenAsync_OpensNoConnection_WhenNotificationsAreOff()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync(notifications: false);

        await using var wakeups = await Wakeups.ListenAsync(store);
        await store.InsertAsync(TestDatabase.Job());

        Assert.True(await wakeups.StayedQuietAsync());
        Assert.Equal(0L, await db.CountListenersAsync());
    }

    [Fact]
    public async Task ListenForCancelRequestsAsync_NeverCalls_WhenNotificationsAreOff()
    {
        // Behind a transaction-mode pooler: the worker sees the request at its next lease renewal instead.
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync(notifications: false);
        var id = (await store.InsertAsync(TestDatabase.Job()))[0];
        await store.FetchAsync();

        await using var cancels = await Wakeups.ListenForCancelRequestsAsync(store);
        var applied = await store.CancelJobsAsync(new JobIdsRequest { JobIds = [id] }, CancellationToken.None);

        Assert.Equal([id], applied.Applied);
        Assert.True(await cancels.StayedQuietAsync());
        Assert.Equal(0L, await db.CountListenersAsync());
    }
}
