using Npgsql;

namespace Conveyor.Postgres;

/// <summary>
/// The store's subscriptions to its channels, all served by one <see cref="PostgresListener"/>: the first subscription
/// opens its connection and the last one to go closes it. Each notification goes to the subscriptions of its channel,
/// read from a snapshot, so the callbacks run outside every lock. After a reconnection every subscription is called
/// once with null, since notifications sent meanwhile are lost.
/// </summary>
internal sealed class PostgresNotifications(NpgsqlDataSource source, string listen, CancellationToken storeDisposed) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1); // one subscription added or removed at a time
    private volatile Subscription[] _subscriptions = [];
    private PostgresListener? _listener; // set while there are subscriptions

    /// <summary>
    /// Calls <paramref name="onNotified"/> with the payload of each notification on <paramref name="channel"/> (null
    /// when empty, or after a reconnection) until the returned handle is disposed. Subscribed before returning when the
    /// database is reachable.
    /// </summary>
    public async Task<IAsyncDisposable> SubscribeAsync(string channel, Action<string?> onNotified, CancellationToken ct)
    {
        var subscription = new Subscription(this, channel, onNotified);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_listener is null)
            {
                var listener = new PostgresListener(source, listen, OnNotification, OnReconnected, storeDisposed);
                await listener.StartAsync(ct).ConfigureAwait(false);
                _listener = listener;
            }

            _subscriptions = [.. _subscriptions, subscription];
            return subscription;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the listening connections' data source; the store's disposal has already stopped the listener.</summary>
    public ValueTask DisposeAsync() => source.DisposeAsync();

    private void OnNotification(string channel, string payload)
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Channel == channel)
            {
                subscription.Notify(payload.Length == 0 ? null : payload);
            }
        }
    }

    private void OnReconnected()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Notify(null);
        }
    }

    private async ValueTask RemoveAsync(Subscription subscription)
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _subscriptions = Array.FindAll(_subscriptions, s => s != subscription);
            if (_subscriptions.Length == 0)
            {
                await _listener!.DisposeAsync().ConfigureAwait(false);
                _listener = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One callback on one channel; disposing it (once) removes it.</summary>
    private sealed class Subscription(PostgresNotifications owner, string channel, Action<string?> onNotified) : IAsyncDisposable
    {
        private int _disposed;

        public string Channel => channel;

        public void Notify(string? payload) => onNotified(payload);

        public ValueTask DisposeAsync() => Interlocked.Exchange(ref _disposed, 1) == 0 ? owner.RemoveAsync(this) : ValueTask.CompletedTask;
    }
}
