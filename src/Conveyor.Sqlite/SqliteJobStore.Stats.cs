using System.Buffers;
using System.Text;
using System.Text.Json;
using Conveyor.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>
/// The per-minute statistics of <see cref="SqliteJobStore"/>, in <c>conveyor_stats</c> (migration 7): one row per queue
/// and minute, its duration buckets in integer columns so that every node's counts are added by SQL in one
/// <c>BEGIN IMMEDIATE</c> transaction, one writer at a time across every process.
/// </summary>
public sealed partial class SqliteJobStore : IStatsStore
{
    /// <summary>Where the duration buckets start in a <c>stats_list</c> row (and in a <c>stats_record</c> minute).</summary>
    private const int FirstBucket = 6;

    /// <inheritdoc />
    public ValueTask RecordStatsAsync(RecordStatsRequest request, CancellationToken ct)
    {
        if (request.Minutes.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var minutes = MinutesJson(request.Minutes);
        Write(session => session.Command("stats_record").With("@minutes", minutes).ExecuteNonQuery());
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ListStatsResult> ListStatsAsync(ListStatsRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Read(session => new ListStatsResult((request.Queue is null
                ? session.Command("stats_list")
                : session.Command("stats_list_queue").With("@queue", request.Queue))
            .With("@since", SqliteTime.ToMicros(request.Since))
            .ReadAll(ReadMinute))));

    /// <inheritdoc />
    public ValueTask<DeleteFinalizedResult> DeleteStatsAsync(DeleteStatsRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session => new DeleteFinalizedResult(session.Command("stats_delete")
            .With("@before", SqliteTime.ToMicros(request.Before)).With("@limit", request.Limit)
            .ExecuteNonQuery())));

    /// <summary>The minutes as <c>stats_record</c> reads them: one JSON array of arrays, in its column order.</summary>
    /// <exception cref="ArgumentException">A minute does not start on a whole UTC minute, or has not <see cref="DurationBuckets.Count"/> buckets.</exception>
    private static string MinutesJson(IReadOnlyList<QueueMinute> minutes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer);
        json.WriteStartArray();
        foreach (var minute in minutes)
        {
            Validate(minute);
            json.WriteStartArray();
            json.WriteStringValue(minute.Queue);
            json.WriteNumberValue(SqliteTime.ToMicros(minute.Minute));
            json.WriteNumberValue(minute.Processed);
            json.WriteNumberValue(minute.Failed);
            json.WriteNumberValue(minute.Discarded);
            if (minute.Depth is { } depth)
            {
                json.WriteNumberValue(depth);
            }
            else
            {
                json.WriteNullValue();
            }

            foreach (var count in minute.Durations)
            {
                json.WriteNumberValue(count);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Validate(QueueMinute minute)
    {
        if (minute.Durations.Count != DurationBuckets.Count || minute.Minute.Ticks % TimeSpan.TicksPerMinute != 0 || minute.Minute.Offset != TimeSpan.Zero)
        {
            throw new ArgumentException($"A minute of statistics starts on a whole UTC minute and has {DurationBuckets.Count} duration buckets.", nameof(minute));
        }
    }

    /// <summary>One <c>stats_list</c> row: queue, minute, processed, failed, discarded, depth, then the buckets.</summary>
    private static QueueMinute ReadMinute(SqliteDataReader row)
    {
        var durations = new long[DurationBuckets.Count];
        for (var i = 0; i < durations.Length; i++)
        {
            durations[i] = row.GetInt64(FirstBucket + i);
        }

        return new QueueMinute
        {
            Queue = row.GetString(0),
            Minute = SqliteTime.FromMicros(row.GetInt64(1)),
            Processed = row.GetInt64(2),
            Failed = row.GetInt64(3),
            Discarded = row.GetInt64(4),
            Depth = row.IsDBNull(5) ? null : row.GetInt64(5),
            Durations = durations,
        };
    }
}
