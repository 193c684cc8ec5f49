namespace Conveyor.Chaos.Tests.Harness;

/// <summary>What the fault driver did to a worker (or to the store's server).</summary>
public enum FaultKind
{
    /// <summary>SIGKILL: the worker ends at once, holding whatever it held.</summary>
    Kill,

    /// <summary>SIGTERM: the worker shuts down gracefully.</summary>
    Terminate,

    /// <summary>SIGSTOP: the worker stands still, its leases running out.</summary>
    Pause,

    /// <summary>SIGCONT: a paused worker goes on.</summary>
    Resume,

    /// <summary>Not injected: a job took its worker's process down (logged when the driver saw it gone).</summary>
    Crash,

    /// <summary>
    /// The store's server was restarted (or killed and started again) under the workers, none of which was hit: logged
    /// with PID 0 at the moment the restart began.
    /// </summary>
    StoreRestart,

    /// <summary>
    /// The network between the worker and the store was cut (every packet dropped, both ways, on open connections too)
    /// from <see cref="FaultEvent.At"/> until <see cref="FaultEvent.Until"/>; the worker itself ran on.
    /// </summary>
    Partition,
}

/// <summary>
/// One fault injected into worker <paramref name="Pid"/> at <paramref name="At"/> (the driver's wall clock); a fault
/// that lasts (a partition) also says when it ended, <paramref name="Until"/>.
/// </summary>
public sealed record FaultEvent(FaultKind Kind, int Pid, DateTimeOffset At, DateTimeOffset? Until = null);
