using Conveyor.Storage;

namespace Conveyor.Sqlite.Tests;

/// <summary>
/// The WAL-file notifier: a commit by another connection or process wakes the listener; a cancel request for a running
/// job, and no other write, calls the cancel listener.
/// </summary>
public sealed class SqliteNotifierTests
{
    [Fact]
    public async Task ListenAsync_CallsBack_WhenAnotherInstanceInserts()
    {
        using var db = new TempDatabase();
        var listener = await db.OpenMigratedAsync();
        var writer = db.Open();
        var woken = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await listener.ListenAsync(queue => woken.TrySetResult(queue), CancellationToken.None);

        await writer.InsertAsync(TempDatabase.Job());

        // The notifier cannot tell which queue changed: null means "any queue".
        Assert.Null(await woken.Task.WaitAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task ListenAsync_StopsCallingBack_WhenTheSubscriptionIsDisposed()
    {
        using var db = new TempDatabase();
        var listener = await db.OpenMigratedAsync();
        var writer = db.Open();
        var calls = 0;
        var subscription = await listener.ListenAsync(_ => Interlocked.Increment(ref calls), CancellationToken.None);
        await subscription.DisposeAsync();
        var before = Volatile.Read(ref calls);

        await writer.InsertAsync(TempDatabase.Job());
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        Assert.Equal(before, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task ListenForCancelRequestsAsync_CallsBack_WhenAnotherInstanceCancelsARunningJob()
    {
        using var db = new TempDatabase();
        var worker = await db.OpenMigratedAsync();
        var admin = db.Open();
        var id = (await worker.InsertAsync(TempDatabase.Job()))[0];
        await worker.FetchAsync();
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await worker.ListenForCancelRequestsAsync(() => called.TrySetResult(), CancellationToken.None);

        var applied = await admin.CancelJobsAsync(new JobIdsRequest { JobIds = [id] }, CancellationToken.None);

        Assert.Equal([id], applied.Applied);
        await called.Task.WaitAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task ListenForCancelRequestsAsync_DoesNotCallBack_OnWritesThatRequestNoCancel()
    {
        using var db = new TempDatabase();
        var worker = await db.OpenMigratedAsync();
        var admin = db.Open();
        var running = (await worker.InsertAsync(TempDatabase.Job()))[0];
        var job = Assert.Single(await worker.FetchAsync());
        var calls = 0;
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await worker.ListenForCancelRequestsAsync(() =>
        {
            Interlocked.Increment(ref calls);
            called.TrySetResult();
        }, CancellationToken.None);

        // An insert, a lease renewal and a cancel that finishes a waiting job change the log, but request no cancel of a
        // running job.
        var waiting = (await worker.InsertAsync(TempDatabase.Job()))[0];
        await RenewAsync(worker, job);
        await admin.CancelJobsAsync(new JobIdsRequest { JobIds = [waiting] }, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Equal(0, Volatile.Read(ref calls));

        await admin.CancelJobsAsync(new JobIdsRequest { JobIds = [running] }, CancellationToken.None);

        await called.Task.WaitAsync(TimeSpan.FromSeconds(2));
        // The renewal the call brings about changes the log again, and calls back no more.
        Assert.Equal([job.Id], (await RenewAsync(worker, job)).CancelRequested);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task ListenForCancelRequestsAsync_StopsCallingBack_WhenTheSubscriptionIsDisposed()
    {
        using var db = new TempDatabase();
        var worker = await db.OpenMigratedAsync();
        var id = (await worker.InsertAsync(TempDatabase.Job()))[0];
        await worker.FetchAsync();
        var calls = 0;
        var subscription = await worker.ListenForCancelRequestsAsync(() => Interlocked.Increment(ref calls), CancellationToken.None);
        await subscription.DisposeAsync();

        await db.Open().CancelJobsAsync(new JobIdsRequest { JobIds = [id] }, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        Assert.Equal(0, Volatile.Read(ref calls));
    }

    private static async Task<ExtendLeasesResult> RenewAsync(SqliteJobStore store, JobRecord job) =>
        await store.ExtendLeasesAsync(new ExtendLeasesRequest { Owner = StoreCalls.Owner, Leases = [new LeaseRef(job.Id, job.Attempt)], LeaseDuration = StoreCalls.Lease }, CancellationToken.None);
}
