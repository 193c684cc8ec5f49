namespace Conveyor.Diagnostics;

/// <summary>
/// This node's attempts counted per queue and minute since the last flush (<see cref="Maintenance.StatsFlusher"/>), to be added
/// into the store's minutes.
/// </summary>
internal sealed class MinuteStats(TimeProvider time)
{
    private readonly Lock _gate = new();
    private Dictionary<(string Queue, DateTimeOffset Minute), Counts> _pending = [];

    /// <summary>Counts an ended attempt in the current minute.</summary>
    public void Add(string queue, JobCompletion completion, TimeSpan ran)
    {
        var now = time.GetUtcNow();
        var minute = QueueMinute.StartOf(now);
        lock (_gate)
        {
            if (!_pending.TryGetValue((queue, minute), out var counts))
            {
                _pending[(queue, minute)] = counts = new Counts();
            }

            counts.Processed++;
            counts.Failed += completion.Error is not null && completion.Kind is CompletionKind.Retry or CompletionKind.Discard ? 1 : 0;
            counts.Discarded += completion.Kind == CompletionKind.Discard ? 1 : 0;
            counts.Durations[DurationBuckets.IndexOf(ran)]++;
        }
    }

    /// <summary>Takes what was counted since the last call.</summary>
    public List<QueueMinute> Drain()
    {
        Dictionary<(string Queue, DateTimeOffset Minute), Counts> taken;
        lock (_gate)
        {
            taken = _pending;
            _pending = [];
        }

        return [.. taken.Select(p => new QueueMinute { Queue = p.Key.Queue, Minute = p.Key.Minute, Processed = p.Value.Processed, Failed = p.Value.Failed, Discarded = p.Value.Discarded, Durations = p.Value.Durations })];
    }

    /// <summary>Puts back minutes a flush could not write, so nothing counted is lost.</summary>
    public void Return(IEnumerable<QueueMinute> minutes)
    {
        lock (_gate)
        {
            foreach (var minute in minutes)
            {
                if (!_pending.TryGetValue((minute.Queue, minute.Minute), out var counts))
                {
                    _pending[(minute.Queue, minute.Minute)] = counts = new Counts();
                }

                counts.Processed += minute.Processed;
                counts.Failed += minute.Failed;
                counts.Discarded += minute.Discarded;
                for (var i = 0; i < counts.Durations.Length; i++)
                {
                    counts.Durations[i] += minute.Durations[i];
                }
            }
        }
    }

    private sealed class Counts
    {
        public long Processed { get; set; }

        public long Failed { get; set; }

        public long Discarded { get; set; }

        public long[] Durations { get; } = new long[DurationBuckets.Count];
    }
}
