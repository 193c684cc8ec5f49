using System.Collections.Concurrent;
using Conveyor.Storage;

namespace Conveyor.Postgres.Tests;

/// <summary>LISTEN/NOTIFY wake-ups: a queue name on commit, never before; reconnection; nothing when turned off.</summary>
public sealed class PostgresNotifierTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task ListenAsync_NamesTheQueue_OnlyOnceTheInsertCommits()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var woken = new ConcurrentQueue<string?>();
        await using var subscription = await store.ListenAsync(woken.Enqueue, CancellationToken.None);
        var connection = await db.ConnectAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        await db.Open().InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job(queue: "mail")], Transaction = transaction }, CancellationToken.None);
        await Task.Delay(Quiet);
        Assert.Empty(woken);
        await transaction.CommitAsync();

        Assert.Equal("mail", await NextAsync(woken));
    }

    [Fact]
    public async Task ListenAsync_StaysQuiet_WhenTheInsertRollsBackOrTheJobIsScheduled()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var woken = new ConcurrentQueue<string?>();
        await using var subscription = await store.ListenAsync(woken.Enqueue, CancellationToken.None);
        var connection = await db.ConnectAsync();

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await store.InsertAsync(new InsertJobsRequest { Jobs = [TestDatabase.Job()], Transaction = transaction }, CancellationToken.None);
            await transaction.RollbackAsync();
        }

        await store.InsertAsync(TestDatabase.Job() with { ScheduledAt = DateTimeOffset.UnixEpoch.AddYears(100) });
        await Task.Delay(Quiet);
        Assert.Empty(woken);
    }

    [Fact]
    public async Task ListenAsync_NamesTheQueuesOfPromotedJobs()
    {
        await using var db = new TestDatabase();
        var time = TestDatabase.NewClock();
        var store = await db.OpenMigratedAsync(time);
        await store.InsertAsync(TestDatabase.Job(queue: "later") with { ScheduledAt = time.GetUtcNow().AddMinutes(1) });
        var woken = new ConcurrentQueue<string?>();
        await using var subscription = await store.ListenAsync(woken.Enqueue, CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(1));
        await store.PromoteDueAsync(new PromoteDueRequest { Limit = 10 }, CancellationToken.None);

        Assert.Equal("later", await NextAsync(woken));
    }

    [Fact]
    public async Task ListenAsync_HearsOnlyItsOwnSchema()
    {
        await using var db = new TestDatabase();
        await using var other = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var woken = new ConcurrentQueue<string?>();
        await using var subscription = await store.ListenAsync(woken.Enqueue, CancellationToken.None);

        await (await other.OpenMigratedAsync()).InsertAsync(TestDatabase.Job());
        await Task.Delay(Quiet);

        Assert.Empty(woken);
    }

    [Fact]
    public async Task ListenAsync_ReconnectsAndWakesEveryQueue_WhenItsConnectionIsKilled()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var woken = new ConcurrentQueue<string?>();
        await using var subscription = await store.ListenAsync(woken.Enqueue, CancellationToken.None);

        Assert.Equal(1L, await TestDatabase.ScalarAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE {Listener(db)}"));

        // Notifications sent while it was away are lost, so it first wakes every queue (null), then listens again.
        Assert.Null(await NextAsync(woken));
        await store.InsertAsync(TestDatabase.Job(queue: "after"));
        Assert.Equal("after", await NextAsync(woken));
    }

    [Fact]
    public async Task ListenAsync_StopsCallingBack_WhenTheSubscriptionIsDisposed()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var woken = new ConcurrentQueue<string?>();
        var subscription = await store.ListenAsync(woken.Enqueue, CancellationToken.None);

        await subscription.DisposeAsync();
        await store.InsertAsync(TestDatabase.Job());
        await Task.Delay(Quiet);

        Assert.Empty(woken);
        Assert.Equal(0L, await ListenersAsync(db));
    }

    [Fact]
    public async Task ListenAsync_OpensNoConnection_WhenNotificationsAreOff()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync(notifications: false);
        var woken = new ConcurrentQueue<string?>();

        await using var subscription = await store.ListenAsync(woken.Enqueue, CancellationToken.None);
        await store.InsertAsync(TestDatabase.Job());
        await Task.Delay(Quiet);

        Assert.Empty(woken);
        Assert.Equal(0L, await ListenersAsync(db));
    }

    /// <summary>How many connections listen on the schema's channel, once closed ones have had a moment to go.</summary>
    private static async Task<long> ListenersAsync(TestDatabase db)
    {
        var listeners = 0L;
        for (var tries = 0; tries < 50; tries++)
        {
            listeners = (long)(await TestDatabase.ScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE {Listener(db)}"))!;
            if (listeners == 0)
            {
                break;
            }

            await Task.Delay(20);
        }

        return listeners;
    }

    /// <summary>A pg_stat_activity condition matching the store's listener connection (and never the query asking).</summary>
    private static string Listener(TestDatabase db) =>
        $"application_name = 'conveyor listener' AND query LIKE '%LISTEN \"{db.Schema}_jobs\"%' AND pid <> pg_backend_pid()";

    private static async Task<string?> NextAsync(ConcurrentQueue<string?> woken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? queue;
        while (!woken.TryDequeue(out queue))
        {
            await Task.Delay(10, timeout.Token);
        }

        return queue;
    }
}
