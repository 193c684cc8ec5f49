namespace Conveyor.Chaos.Tests.Faults;

/// <summary>
/// The proxy's stall switch: open by default; while closed, every pipe holds what it has read (nothing is dropped) and
/// delivers it, in order, once the gate opens again.
/// </summary>
internal sealed class TrafficGate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = Opened();

    /// <summary>Whether traffic is held now.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return !_open.Task.IsCompleted;
            }
        }
    }

    /// <summary>Holds traffic from now on (no effect if already closed).</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Lets held and new traffic through.</summary>
    public void Open()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    /// <summary>Completes at once while open, otherwise when the gate opens.</summary>
    public Task WaitOpenAsync(CancellationToken ct)
    {
        Task open;
        lock (_lock)
        {
            open = _open.Task;
        }

        return open.IsCompleted ? Task.CompletedTask : open.WaitAsync(ct);
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
