namespace Conveyor.Redis;

/// <summary>Times as the store keeps them: whole microseconds since the Unix epoch.</summary>
internal static class Micros
{
    /// <summary><paramref name="time"/> in microseconds since the epoch.</summary>
    public static long Of(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary><paramref name="span"/> in whole microseconds.</summary>
    public static long Of(TimeSpan span) => span.Ticks / 10;

    /// <summary>The time <paramref name="micros"/> microseconds after the epoch.</summary>
    public static DateTimeOffset ToTime(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
}
