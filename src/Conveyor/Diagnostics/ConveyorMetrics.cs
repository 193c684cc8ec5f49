using System.Diagnostics.Metrics;
using Conveyor.Storage;

namespace Conveyor.Diagnostics;

/// <summary>
/// The instruments of the <c>Conveyor</c> meter (docs/operations.md): jobs enqueued and attempts ended by queue, kind
/// and outcome, attempt duration and wait, queue depth by state and latency (sampled by the leader), busy and idle worker slots,
/// and the process's memory. Any <see cref="MeterListener"/> sees them: OpenTelemetry's <c>AddMeter("Conveyor")</c>, or
/// the Prometheus text that <see cref="PrometheusText"/> writes.
/// </summary>
public sealed class ConveyorMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Conveyor";

    /// <summary>The meter the instruments belong to.</summary>
    internal Meter Meter => _meter;

    /// <summary>This node's attempts per queue and minute, for the store's statistics.</summary>
    internal MinuteStats Minutes { get; }

    private readonly Meter _meter;
    private readonly Counter<long> _enqueued;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _discarded;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _wait;
    private readonly TimeProvider _time;
    private volatile Sample<QueueStateCount> _depth = new([], 0, 0);
    private volatile Sample<QueueInfo> _queues = new([], 0, 0);
    private volatile Func<IEnumerable<(string Queue, int Busy, int Slots)>> _workers = () => [];

    /// <summary>Creates the instruments on <paramref name="factory"/>'s meter, or on a meter of their own without one.</summary>
    public ConveyorMetrics(IMeterFactory? factory = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        Minutes = new MinuteStats(_time);
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _enqueued = _meter.CreateCounter<long>("conveyor.jobs.enqueued", "{job}", "Jobs inserted (duplicates of a unique key not counted).");
        _processed = _meter.CreateCounter<long>("conveyor.jobs.processed", "{attempt}", "Attempts that ended, by outcome: completed, retried, discarded, cancelled, snoozed or interrupted.");
        _failed = _meter.CreateCounter<long>("conveyor.jobs.failed", "{attempt}", "Attempts that ended in an error (retried or discarded).");
        _retried = _meter.CreateCounter<long>("conveyor.jobs.retried", "{attempt}", "Attempts that failed and were scheduled to run again.");
        _discarded = _meter.CreateCounter<long>("conveyor.jobs.discarded", "{job}", "Jobs dead-lettered (discarded) by a worker.");
        _duration = _meter.CreateHistogram<double>("conveyor.job.duration", "s", "How long attempts ran, from fetch to decision.");
        _wait = _meter.CreateHistogram<double>("conveyor.job.wait", "s", "How long jobs waited from due to the start of an attempt.");
        _meter.CreateObservableGauge("conveyor.queue.depth", ObserveDepth, "{job}", "Jobs per queue and state, as the leader last sampled them.");
        _meter.CreateObservableGauge("conveyor.queue.latency", ObserveLatency, "s", "How long the job each queue hands out next has waited since it was due (0 when none waits), as the leader last sampled the queues.");
        _meter.CreateObservableGauge("conveyor.workers.active", () => ObserveWorkers(busy: true), "{worker}", "Worker slots of this node running a job, per queue.");
        _meter.CreateObservableGauge("conveyor.workers.idle", () => ObserveWorkers(busy: false), "{worker}", "Worker slots of this node free, per queue.");
        _meter.CreateObservableGauge("conveyor.process.memory", () => Environment.WorkingSet, "By", "This process's working set.");
    }

    /// <summary>Counts inserted jobs, but those <paramref name="inserted"/> (in the same order) reports as duplicates.</summary>
    internal void Enqueued(IEnumerable<NewJob> jobs, IReadOnlyList<InsertedJob>? inserted = null)
    {
        var i = 0;
        foreach (var job in jobs)
        {
            if (inserted is null || !inserted[i++].Duplicate)
            {
                _enqueued.Add(1, new("queue", job.Queue), new("kind", job.Kind));
            }
        }
    }

    /// <summary>Records an attempt's end: its outcome, how long it ran and how long it had waited.</summary>
    internal void AttemptEnded(JobRecord job, JobCompletion completion, TimeSpan ran)
    {
        var queue = new KeyValuePair<string, object?>("queue", job.Queue);
        var kind = new KeyValuePair<string, object?>("kind", job.Kind);
        var outcome = Outcome(completion);
        _processed.Add(1, queue, kind, new("outcome", outcome));
        Minutes.Add(job.Queue, completion, ran);
        _duration.Record(ran.TotalSeconds, queue, kind, new("outcome", outcome));
        if (job.AttemptedAt is { } started)
        {
            _wait.Record(Math.Max(0, (started - job.ScheduledAt).TotalSeconds), queue, kind);
        }

        if (completion.Error is not null && completion.Kind is CompletionKind.Retry or CompletionKind.Discard)
        {
            _failed.Add(1, queue, kind);
        }

        if (completion.Kind == CompletionKind.Retry)
        {
            _retried.Add(1, queue, kind);
        }
        else if (completion.Kind == CompletionKind.Discard)
        {
            _discarded.Add(1, queue, kind);
        }
    }

    /// <summary>
    /// Replaces the depth the gauge reports (the leader's latest sample), until <paramref name="freshFor"/> has passed:
    /// a node that stopped leading stops reporting it.
    /// </summary>
    internal void SetDepth(IReadOnlyList<QueueStateCount> counts, TimeSpan freshFor) =>
        _depth = new(counts, Environment.TickCount64, (long)freshFor.TotalMilliseconds);

    /// <summary>
    /// Replaces the queues whose latency the gauge reports, the same way; the latency itself is read at each
    /// observation from the next job's due time, so it grows between samples as the wait does.
    /// </summary>
    internal void SetQueues(IReadOnlyList<QueueInfo> queues, TimeSpan freshFor) =>
        _queues = new(queues, Environment.TickCount64, (long)freshFor.TotalMilliseconds);

    /// <summary>Sets where the worker gauges read this node's busy and free slots.</summary>
    internal void ObserveWorkers(Func<IEnumerable<(string Queue, int Busy, int Slots)>> workers) => _workers = workers;

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static string Outcome(JobCompletion completion) => completion.Kind switch
    {
        CompletionKind.Completed => "completed",
        CompletionKind.Retry => "retried",
        CompletionKind.Discard => "discarded",
        CompletionKind.Cancel => "cancelled",
        CompletionKind.Snooze => "snoozed",
        _ => "interrupted",
    };

    private IEnumerable<Measurement<long>> ObserveDepth() =>
        _depth.Fresh.Select(c => new Measurement<long>(c.Count, new("queue", c.Queue), new("state", c.State.ToWireName())));

    private IEnumerable<Measurement<double>> ObserveLatency()
    {
        var now = _time.GetUtcNow();
        return _queues.Fresh.Select(q => new Measurement<double>(
            q.NextDueAt is { } due ? Math.Max(0, (now - due).TotalSeconds) : 0,
            new KeyValuePair<string, object?>("queue", q.Name)));
    }

    /// <summary>A leader's sample, reported while fresh: empty once <see cref="FreshForMs"/> has passed since it was taken.</summary>
    private sealed record Sample<T>(IReadOnlyList<T> Value, long TakenAt, long FreshForMs)
    {
        public IReadOnlyList<T> Fresh => Environment.TickCount64 - TakenAt > FreshForMs ? [] : Value;
    }

    private IEnumerable<Measurement<int>> ObserveWorkers(bool busy) =>
        _workers().Select(w => new Measurement<int>(busy ? w.Busy : w.Slots - w.Busy, new KeyValuePair<string, object?>("queue", w.Queue)));
}
