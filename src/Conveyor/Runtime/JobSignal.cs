namespace Conveyor.Runtime;

/// <summary>
/// In-process wake-ups: the client, the promoter and the store's notifier raise it; queue producers wait on it.
/// Only a latency cut on top of polling.
/// </summary>
public sealed class JobSignal
{
    private readonly Lock _gate = new();
    private readonly List<Action<string?>> _listeners = [];

    /// <summary>Wakes the producers of <paramref name="queue"/>, or all of them when null.</summary>
    public void Raise(string? queue)
    {
        Action<string?>[] listeners;
        lock (_gate)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            listener(queue);
        }
    }

    /// <summary>Adds a listener until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Action<string?> listener)
    {
        lock (_gate)
        {
            _listeners.Add(listener);
        }

        return new Subscription(this, listener);
    }

    private sealed class Subscription(JobSignal signal, Action<string?> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (signal._gate)
            {
                signal._listeners.Remove(listener);
            }
        }
    }
}
