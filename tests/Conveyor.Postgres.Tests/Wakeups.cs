using System.Collections.Concurrent;

namespace Conveyor.Postgres.Tests;

/// <summary>A store's LISTEN subscription and what it called back with, in order.</summary>
internal sealed class Wakeups : IAsyncDisposable
{
    /// <summary>What a cancel-request subscription records for each call.</summary>
    public const string CancelRequested = "cancel requested";

    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private readonly ConcurrentQueue<string?> _woken = new();
    private IAsyncDisposable? _subscription;

    /// <summary>Subscribes to <paramref name="store"/>'s wake-ups, recording the queue names.</summary>
    public static Task<Wakeups> ListenAsync(PostgresJobStore store) =>
        SubscribeAsync(record => store.ListenAsync(record, CancellationToken.None));

    /// <summary>Subscribes to <paramref name="store"/>'s cancel requests, recording <see cref="CancelRequested"/> for each.</summary>
    public static Task<Wakeups> ListenForCancelRequestsAsync(PostgresJobStore store) =>
        SubscribeAsync(record => store.ListenForCancelRequestsAsync(() => record(CancelRequested), CancellationToken.None));

    private static async Task<Wakeups> SubscribeAsync(Func<Action<string?>, ValueTask<IAsyncDisposable>> subscribe)
    {
        var wakeups = new Wakeups();
        wakeups._subscription = await subscribe(wakeups._woken.Enqueue);
        return wakeups;
    }

    /// <summary>The next call's record (a wake-up's null: every queue), waiting up to 10 s for it.</summary>
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
