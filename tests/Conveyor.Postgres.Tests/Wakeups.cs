using System.Collections.Concurrent;

namespace Conveyor.Postgres.Tests;

/// <summary>A store's LISTEN subscription and the queue names it called back with, in order.</summary>
internal sealed class Wakeups : IAsyncDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private readonly ConcurrentQueue<string?> _woken = new();
    private IAsyncDisposable? _subscription;

    /// <summary>Subscribes to <paramref name="store"/>'s wake-ups.</summary>
    public static async Task<Wakeups> ListenAsync(PostgresJobStore store)
    {
        var wakeups = new Wakeups();
        wakeups._subscription = await store.ListenAsync(wakeups._woken.Enqueue, CancellationToken.None);
        return wakeups;
    }

    /// <summary>The next queue name (null: every queue), waiting up to 10 s for it.</summary>
    public async Task<string?> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? queue;
        while (!_woken.TryDequeue(out queue))
        {
            await Task.Delay(10, timeout.Token);
        }

        return queue;
    }

    /// <summary>Whether nothing called back during a short wait.</summary>
    public async Task<bool> StayedQuietAsync()
    {
        await Task.Delay(Quiet);
        return _woken.IsEmpty;
    }

    public ValueTask DisposeAsync() => _subscription?.DisposeAsync() ?? ValueTask.CompletedTask;
}
