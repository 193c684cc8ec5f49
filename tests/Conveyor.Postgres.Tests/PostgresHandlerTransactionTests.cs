using Conveyor.Storage;
using Npgsql;

namespace Conveyor.Postgres.Tests;

/// <summary>Transactional completion: the handler's writes and the job's completion commit together, or neither does.</summary>
public sealed class PostgresHandlerTransactionTests
{
    [Fact]
    public async Task CompleteAndCommitAsync_CommitsTheHandlersWritesWithTheCompletion()
    {
        await using var db = new TestDatabase();
        var (store, time, job) = await StartAsync(db);

        await using (var attempt = await BeginWithEffectAsync(db, store, job))
        {
            Assert.True(await attempt.CompleteAndCommitAsync(StoreCalls.Completion(job, CompletionKind.Completed, time.GetUtcNow()), CancellationToken.None));
        }

        Assert.Equal(JobState.Completed, (await store.GetAsync(job.Id))!.State);
        Assert.Equal(1L, await CountEffectsAsync(db));
    }

    [Fact]
    public async Task CompleteAndCommitAsync_ReturnsFalseAndDropsTheWrites_WhenAnotherWorkerTookTheLeaseOver()
    {
        await using var db = new TestDatabase();
        var (store, time, job) = await StartAsync(db);
        await using var attempt = await BeginWithEffectAsync(db, store, job);

        // Meanwhile the lease is lost: the rescuer hands the job back and another worker fetches it.
        await db.Open(time).CompleteAsync(StoreCalls.Completion(job, CompletionKind.Interrupted, time.GetUtcNow()));
        var taken = Assert.Single(await store.FetchAsync(owner: "worker-2"));

        Assert.False(await attempt.CompleteAndCommitAsync(StoreCalls.Completion(job, CompletionKind.Completed, time.GetUtcNow()), CancellationToken.None));
        Assert.Equal(0L, await CountEffectsAsync(db));
        var stored = (await store.GetAsync(job.Id))!;
        Assert.Equal((JobState.Running, "worker-2", taken.Attempt), (stored.State, stored.LeaseOwner, stored.Attempt));
    }

    [Fact]
    public async Task DisposeAsync_RollsTheWritesBack_WhenTheAttemptNeverCompleted()
    {
        await using var db = new TestDatabase();
        var (store, _, job) = await StartAsync(db);

        await (await BeginWithEffectAsync(db, store, job)).DisposeAsync();

        Assert.Equal(0L, await CountEffectsAsync(db));
        Assert.Equal(JobState.Running, (await store.GetAsync(job.Id))!.State);
    }

    [Fact]
    public async Task DisposeAsync_EndsTheSession_WhenTheHandlerIsStillRunningAStatement()
    {
        await using var db = new TestDatabase();
        var (store, _, job) = await StartAsync(db);
        var attempt = await BeginWithEffectAsync(db, store, job);
        var transaction = (NpgsqlTransaction)attempt.Transaction;
        var pid = transaction.Connection!.ProcessID;
        await using var sleep = new NpgsqlCommand("SELECT pg_sleep(60)", transaction.Connection, transaction);

        // A handler past its hard time limit, still inside a statement, while the attempt is disposed under it.
        var stubborn = sleep.ExecuteNonQueryAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        await attempt.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

        await Assert.ThrowsAnyAsync<Exception>(() => stubborn);
        Assert.Equal(0L, await CountEffectsAsync(db));
        Assert.Equal(0L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}"));
    }

    [Fact]
    public async Task BeginHandlerTransactionAsync_LeavesTheJobRowFree_SoLeaseRenewalsDoNotWait()
    {
        await using var db = new TestDatabase();
        var (store, time, job) = await StartAsync(db);
        await using var attempt = await BeginWithEffectAsync(db, store, job);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var renewal = await store.ExtendLeasesAsync(new ExtendLeasesRequest { Owner = StoreCalls.Owner, Leases = [new LeaseRef(job.Id, job.Attempt)], LeaseDuration = StoreCalls.Lease }, timeout.Token);

        Assert.Empty(renewal.Lost);
        Assert.True(await attempt.CompleteAndCommitAsync(StoreCalls.Completion(job, CompletionKind.Completed, time.GetUtcNow()), CancellationToken.None));
    }

    [Fact]
    public async Task Transaction_IsAnOpenNpgsqlTransaction_OnTheStoresDatabase()
    {
        await using var db = new TestDatabase();
        var (store, _, _) = await StartAsync(db);

        await using var attempt = await store.BeginHandlerTransactionAsync(CancellationToken.None);

        var transaction = Assert.IsType<NpgsqlTransaction>(attempt.Transaction);
        Assert.Equal(System.Data.ConnectionState.Open, transaction.Connection!.State);
        Assert.Equal(System.Data.IsolationLevel.ReadCommitted, transaction.IsolationLevel);
    }

    /// <summary>A store on a fake clock with an <c>effects</c> table, and one job fetched from it.</summary>
    private static async Task<(PostgresJobStore Store, Microsoft.Extensions.Time.Testing.FakeTimeProvider Time, JobRecord Job)> StartAsync(TestDatabase db)
    {
        var time = TestDatabase.NewClock();
        var store = await db.OpenMigratedAsync(time);
        await TestDatabase.ScalarAsync($"CREATE TABLE \"{db.Schema}\".effects (job_id bigint PRIMARY KEY)");
        await store.InsertAsync(TestDatabase.Job());
        return (store, time, Assert.Single(await store.FetchAsync()));
    }

    /// <summary>An attempt's transaction in which the handler has written its effect for <paramref name="job"/>.</summary>
    private static async Task<IHandlerTransaction> BeginWithEffectAsync(TestDatabase db, PostgresJobStore store, JobRecord job)
    {
        var attempt = await store.BeginHandlerTransactionAsync(CancellationToken.None);
        var transaction = (NpgsqlTransaction)attempt.Transaction;
        await using var command = new NpgsqlCommand($"INSERT INTO \"{db.Schema}\".effects (job_id) VALUES ({job.Id})", transaction.Connection, transaction);
        await command.ExecuteNonQueryAsync();
        return attempt;
    }

    private static async Task<long> CountEffectsAsync(TestDatabase db) =>
        (long)(await TestDatabase.ScalarAsync($"SELECT count(*) FROM \"{db.Schema}\".effects"))!;
}
