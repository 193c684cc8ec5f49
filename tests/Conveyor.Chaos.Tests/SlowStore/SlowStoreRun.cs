namespace Conveyor.Chaos.Tests.SlowStore;

/// <summary>
/// What one slow-store run's hosts share: their handlers' executions, their store calls, their warnings, and the
/// signal that the last stall has ended (long jobs outlast it, so every stall falls on running leases).
/// </summary>
public sealed class SlowStoreRun
{
    private readonly TaskCompletionSource _stallsEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Executions Executions { get; } = new();

    public StoreCalls Calls { get; } = new();

    public WarningLog Log { get; } = new();

    /// <summary>Completes once the last stall has ended (or stalling gave up).</summary>
    public Task StallsEnded => _stallsEnded.Task;

    /// <summary>Releases the long jobs waiting for <see cref="StallsEnded"/>.</summary>
    public void EndStalls() => _stallsEnded.TrySetResult();
}
