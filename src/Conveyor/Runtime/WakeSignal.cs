namespace Conveyor.Runtime;

/// <summary>An auto-reset wake-up: many raises before a wait count as one.</summary>
internal sealed class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Raise()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already raised: one pending wake-up is enough.
        }
    }

    /// <summary>Waits for a raise or the timeout; true if raised.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);

    public void Dispose() => _semaphore.Dispose();
}
