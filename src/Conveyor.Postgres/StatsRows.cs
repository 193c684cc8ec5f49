using Npgsql;
using NpgsqlTypes;

namespace Conveyor.Postgres;

/// <summary>
/// Maps between <c>stats</c> rows and <see cref="QueueMinute"/>: the parallel arrays <c>record_stats.sql</c> unnests,
/// and the columns of <c>list_stats.sql</c> in order.
/// </summary>
internal static class StatsRows
{
    private static readonly Comparer<(string Queue, DateTimeOffset Minute)> ByQueueThenMinute = Comparer<(string Queue, DateTimeOffset Minute)>.Create(
        (a, b) => string.CompareOrdinal(a.Queue, b.Queue) is var byQueue and not 0 ? byQueue : a.Minute.CompareTo(b.Minute));

    /// <summary>
    /// Binds @queues @minutes @processed @failed @discarded @depths, the flat @durations and @bucket_count: one element
    /// per (queue, minute), sorted by queue (ordinal), then minute, so every writer locks its rows in the same order.
    /// A (queue, minute) given twice is added up first, as two calls would add it.
    /// </summary>
    /// <exception cref="ArgumentException">A minute does not start on a whole UTC minute or has the wrong number of duration buckets.</exception>
    public static NpgsqlCommand Bind(NpgsqlCommand command, IReadOnlyList<QueueMinute> minutes)
    {
        var sorted = Merge(minutes).Values;
        return command
            .With("queues", sorted.Select(m => m.Queue).ToArray())
            .With("minutes", sorted.Select(m => m.Minute).ToArray())
            .With("processed", sorted.Select(m => m.Processed).ToArray())
            .With("failed", sorted.Select(m => m.Failed).ToArray())
            .With("discarded", sorted.Select(m => m.Discarded).ToArray())
            .With("depths", sorted.Select(m => m.Depth).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint)
            .With("durations", sorted.SelectMany(m => m.Durations).ToArray())
            .With("bucket_count", DurationBuckets.Count);
    }

    /// <summary>Reads every row of <paramref name="command"/>.</summary>
    public static Task<List<QueueMinute>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct) => command.ReadAllAsync(Read, ct);

    private static SortedDictionary<(string Queue, DateTimeOffset Minute), QueueMinute> Merge(IReadOnlyList<QueueMinute> minutes)
    {
        var merged = new SortedDictionary<(string Queue, DateTimeOffset Minute), QueueMinute>(ByQueueThenMinute);
        foreach (var minute in minutes)
        {
            Validate(minute);
            var key = (minute.Queue, minute.Minute);
            merged[key] = merged.TryGetValue(key, out var earlier)
                ? earlier with
                {
                    Processed = earlier.Processed + minute.Processed,
                    Failed = earlier.Failed + minute.Failed,
                    Discarded = earlier.Discarded + minute.Discarded,
                    Durations = [.. earlier.Durations.Zip(minute.Durations, (a, b) => a + b)],
                    Depth = minute.Depth ?? earlier.Depth,
                }
                : minute;
        }

        return merged;
    }

    private static void Validate(QueueMinute minute)
    {
        if (minute.Durations.Count != DurationBuckets.Count || minute.Minute.Ticks % TimeSpan.TicksPerMinute != 0 || minute.Minute.Offset != TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"A minute of statistics starts on a whole UTC minute and has {DurationBuckets.Count} duration buckets; got {minute.Queue} at {minute.Minute:O} with {minute.Durations.Count}.",
                "request");
        }
    }

    private static QueueMinute Read(NpgsqlDataReader row) => new()
    {
        Queue = row.GetString(0),
        Minute = row.GetFieldValue<DateTimeOffset>(1),
        Processed = row.GetInt64(2),
        Failed = row.GetInt64(3),
        Discarded = row.GetInt64(4),
        Durations = row.GetFieldValue<long[]>(5),
        Depth = row.IsDBNull(6) ? null : row.GetInt64(6),
    };
}
