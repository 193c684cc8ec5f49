using Conveyor.Storage;

namespace Conveyor.Testing;

/// <summary>
/// The reference store's notifications, inside its one process: a cancel request for a running job calls the cancel
/// listeners at once. Jobs inserted here wake the producers through the client already; the one jobs-available call
/// is for a finished job of a line, whose next job may be fetched now (called with null, any queue).
/// </summary>
public sealed partial class InMemoryJobStore : INotifier
{
    private readonly Listeners _cancelListeners = new();
    private readonly Listeners _lineListeners = new();

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable> ListenAsync(Action<string?> onJobsAvailable, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onJobsAvailable);
        return ValueTask.FromResult<IAsyncDisposable>(_lineListeners.Add(() => onJobsAvailable(null)));
    }

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable> ListenForCancelRequestsAsync(Action onCancelRequested, CancellationToken ct) =>
        ValueTask.FromResult<IAsyncDisposable>(_cancelListeners.Add(onCancelRequested));

    /// <summary>Callbacks added and removed from any thread, called outside the store's lock.</summary>
    private sealed class Listeners
    {
        private readonly Lock _gate = new();
        private readonly List<Action> _actions = [];

        public Subscription Add(Action action)
        {
            lock (_gate)
            {
                _actions.Add(action);
            }

            return new Subscription(() =>
            {
                lock (_gate)
                {
                    _actions.Remove(action);
                }
            });
        }

        public void Raise()
        {
            Action[] actions;
            lock (_gate)
            {
                actions = [.. _actions];
            }

            foreach (var action in actions)
            {
                action();
            }
        }

        /// <summary>Removes its listener when disposed.</summary>
        public sealed class Subscription(Action remove) : IAsyncDisposable
        {
            public ValueTask DisposeAsync()
            {
                remove();
                return ValueTask.CompletedTask;
            }
        }
    }
}
