namespace Conveyor.Sqlite;

/// <summary>Times are stored as Unix microseconds.</summary>
internal static class SqliteTime
{
    private static readonly long MinMicros = ToMicros(DateTimeOffset.MinValue);

    private static readonly long MaxMicros = ToMicros(DateTimeOffset.MaxValue);

    public static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicros(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + (micros * 10), TimeSpan.Zero);

    /// <summary>The time of <paramref name="micros"/>, unless it lies outside what <see cref="DateTimeOffset"/> can hold.</summary>
    public static bool TryFromMicros(long micros, out DateTimeOffset time)
    {
        var inRange = micros >= MinMicros && micros <= MaxMicros;
        time = inRange ? FromMicros(micros) : default;
        return inRange;
    }
}
