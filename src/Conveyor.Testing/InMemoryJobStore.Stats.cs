using Conveyor.Storage;

namespace Conveyor.Testing;

/// <summary>The reference store's per-minute statistics, under the same lock as its jobs.</summary>
public sealed partial class InMemoryJobStore : IStatsStore
{
    private readonly SortedDictionary<(string Queue, DateTimeOffset Minute), QueueMinute> _minutes = new(Comparer<(string Queue, DateTimeOffset Minute)>.Create((a, b) =>
        string.CompareOrdinal(a.Queue, b.Queue) is var byQueue and not 0 ? byQueue : a.Minute.CompareTo(b.Minute)));

    /// <inheritdoc />
    public ValueTask RecordStatsAsync(RecordStatsRequest request, CancellationToken ct)
    {
        foreach (var minute in request.Minutes)
        {
            ValidateMinute(minute);
        }

        lock (_gate)
        {
            foreach (var minute in request.Minutes)
            {
                var key = (minute.Queue, minute.Minute);
                _minutes[key] = _minutes.TryGetValue(key, out var stored)
                    ? stored with
                    {
                        Processed = stored.Processed + minute.Processed,
                        Failed = stored.Failed + minute.Failed,
                        Discarded = stored.Discarded + minute.Discarded,
                        Durations = [.. stored.Durations.Zip(minute.Durations, (a, b) => a + b)],
                        Depth = minute.Depth ?? stored.Depth,
                    }
                    : minute with { Durations = [.. minute.Durations] };
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ListStatsResult> ListStatsAsync(ListStatsRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var minutes = _minutes.Values
                .Where(m => m.Minute >= request.Since && (request.Queue is null || m.Queue == request.Queue))
                .ToList();
            return ValueTask.FromResult(new ListStatsResult(minutes));
        }
    }

    /// <inheritdoc />
    public ValueTask<DeleteFinalizedResult> DeleteStatsAsync(DeleteStatsRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var old = _minutes.Where(m => m.Key.Minute < request.Before).Take(request.Limit).Select(m => m.Key).ToList();
            foreach (var key in old)
            {
                _minutes.Remove(key);
            }

            return ValueTask.FromResult(new DeleteFinalizedResult(old.Count));
        }
    }

    private static void ValidateMinute(QueueMinute minute)
    {
        if (minute.Durations.Count != DurationBuckets.Count || minute.Minute.Ticks % TimeSpan.TicksPerMinute != 0 || minute.Minute.Offset != TimeSpan.Zero)
        {
            throw new ArgumentException($"A minute of statistics starts on a whole UTC minute and has {DurationBuckets.Count} duration buckets.", nameof(minute));
        }
    }
}
