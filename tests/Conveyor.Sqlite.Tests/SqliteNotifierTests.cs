namespace Conveyor.Sqlite.Tests;

/// <summary>The WAL-file notifier: a commit by another connection or process wakes the listener.</summary>
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
}
