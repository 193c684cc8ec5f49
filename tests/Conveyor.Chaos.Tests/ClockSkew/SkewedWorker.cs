using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.ClockSkew;

/// <summary>A worker process and how far its wall clock is set from the machine's (zero: not faked).</summary>
internal sealed record SkewedWorker(WorkerProcess Process, TimeSpan Offset)
{
    /// <summary>The offset as a report shows it, e.g. <c>+300 s</c>.</summary>
    public string Skew => $"{Offset.TotalSeconds:+0;-0;0} s";

    /// <summary>A time this worker's clock read, on the machine's clock.</summary>
    public long OnMachineClock(long unixMs) => unixMs - (long)Offset.TotalMilliseconds;
}
