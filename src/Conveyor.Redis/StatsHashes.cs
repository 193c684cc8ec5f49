using System.Globalization;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// A minute of statistics as the store keeps it (its fields are listed in <c>Scripts/_common.lua</c>): the arguments
/// that add it, its <c>minute:queue</c> member, and its hash read back as a <see cref="QueueMinute"/>.
/// </summary>
internal static class StatsHashes
{
    /// <summary>How many values <c>record_stats.lua</c> takes per minute besides its duration buckets.</summary>
    private const int MinuteArgCount = 6;

    /// <summary>The ARGV of <c>record_stats.lua</c> for <paramref name="minutes"/> of <paramref name="partition"/>.</summary>
    public static RedisValue[] RecordArgs(RedisPartition partition, IReadOnlyList<QueueMinute> minutes)
    {
        var width = MinuteArgCount + DurationBuckets.Count;
        var args = new RedisValue[2 + (minutes.Count * width)];
        (args[0], args[1]) = (partition.Base, DurationBuckets.Count);
        var at = 2;
        foreach (var minute in minutes)
        {
            (args[at], args[at + 1], args[at + 2]) = (Micros.Of(minute.Minute), minute.Queue, minute.Depth is { } depth ? depth : RedisValue.EmptyString);
            (args[at + 3], args[at + 4], args[at + 5]) = (minute.Processed, minute.Failed, minute.Discarded);
            for (var b = 0; b < DurationBuckets.Count; b++)
            {
                args[at + MinuteArgCount + b] = minute.Durations[b];
            }

            at += width;
        }

        return args;
    }

    /// <summary>The minute (µs) and queue of a member of a partition's stats zset; queue names hold no colon.</summary>
    public static (DateTimeOffset Minute, string Queue) ParseMember(string member)
    {
        var colon = member.IndexOf(':', StringComparison.Ordinal);
        return (Micros.ToTime(long.Parse(member.AsSpan(0, colon), CultureInfo.InvariantCulture)), member[(colon + 1)..]);
    }

    /// <summary>
    /// The minute of a hash's entries. A count that is absent or unreadable is 0, and a depth that is absent or
    /// unreadable is none, so one damaged hash never fails a chart.
    /// </summary>
    public static QueueMinute Read(string queue, DateTimeOffset minute, HashEntry[] entries)
    {
        var hash = entries.ToDictionary(e => (string)e.Name!, e => e.Value, StringComparer.Ordinal);
        long Count(string field) => hash.TryGetValue(field, out var value) && value.TryParse(out long n) ? n : 0;
        return new QueueMinute
        {
            Queue = queue,
            Minute = minute,
            Processed = Count("p"),
            Failed = Count("f"),
            Discarded = Count("d"),
            Durations = [.. Enumerable.Range(0, DurationBuckets.Count).Select(b => Count(b.ToString(CultureInfo.InvariantCulture)))],
            Depth = hash.TryGetValue("a", out var depth) && depth.TryParse(out long d) ? d : null,
        };
    }
}
