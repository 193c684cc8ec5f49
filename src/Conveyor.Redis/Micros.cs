using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>Times as the store keeps them: whole microseconds since the Unix epoch.</summary>
internal static class Micros
{
    private static readonly long MinMicros = Of(DateTimeOffset.MinValue);

    private static readonly long MaxMicros = Of(DateTimeOffset.MaxValue);

    /// <summary><paramref name="time"/> in microseconds since the epoch.</summary>
    public static long Of(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary><paramref name="span"/> in whole microseconds.</summary>
    public static long Of(TimeSpan span) => span.Ticks / 10;

    /// <summary>The time <paramref name="micros"/> microseconds after the epoch.</summary>
    public static DateTimeOffset ToTime(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    /// <summary>The time <paramref name="micros"/> microseconds after the epoch, unless <see cref="DateTimeOffset"/> cannot hold it.</summary>
    public static bool TryToTime(long micros, out DateTimeOffset time)
    {
        var inRange = micros >= MinMicros && micros <= MaxMicros;
        time = inRange ? ToTime(micros) : default;
        return inRange;
    }

    /// <summary>A stored time that may be absent: true with null for none, true with the time for whole microseconds, false otherwise.</summary>
    public static bool TryRead(RedisValue value, out DateTimeOffset? time)
    {
        time = null;
        if (value.IsNull)
        {
            return true;
        }

        if (!value.TryParse(out long micros) || !TryToTime(micros, out var at))
        {
            return false;
        }

        time = at;
        return true;
    }
}
