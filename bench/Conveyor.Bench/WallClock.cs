namespace Conveyor.Bench;

/// <summary>Wall-clock timestamps that every process of the machine reads alike, for figures measured across processes.</summary>
public static class WallClock
{
    /// <summary>The current time in Unix microseconds.</summary>
    public static long Micros(TimeProvider time) => (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
}
