using Conveyor.Cli.Output;
using Conveyor.Runtime;
using Conveyor.Storage;
using OrderShop;

namespace Conveyor.Cli.Demo;

/// <summary>
/// Samples the demo: counts from the store (depth, processed, dead), running jobs from this node's host, retries
/// from the <see cref="RetryCounter"/>, and the completion rate over the last second or so.
/// </summary>
internal sealed class DemoMonitor(IJobAdminStore admin, JobHost host, RetryCounter retries, OrderShopSimulator simulator, TimeProvider time)
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(1);
    private readonly long _started = time.GetTimestamp();
    private readonly Queue<(long Timestamp, StateCounts Counts)> _history = new();

    /// <summary>Completed jobs when the demo started, to report what this run processed.</summary>
    public StateCounts? First { get; private set; }

    /// <summary>The counts of the latest sample.</summary>
    public StateCounts? Latest { get; private set; }

    public async Task<DemoSample> SampleAsync(CancellationToken ct)
    {
        var now = time.GetTimestamp();
        var counts = await StateCounts.ReadAsync(admin, ct);
        First ??= counts;
        Latest = counts;
        var (thenTimestamp, then) = Baseline(now, counts);
        var seconds = time.GetElapsedTime(thenTimestamp, now).TotalSeconds;
        var running = host.RunningByQueue;
        // The shop's queues first, most urgent first; any other queue in the store after them by name.
        var queues = OrderShopConveyorExtensions.Queues.Keys.Concat(counts.Queues.Keys.Order(StringComparer.Ordinal)).Distinct().ToList();
        var rows = queues.Select(q => Row(q, counts, then, running.GetValueOrDefault(q), seconds)).ToList();
        var total = new DemoQueueRow(
            "all queues",
            rows.Sum(r => r.Depth),
            rows.Sum(r => r.Running),
            rows.Sum(r => r.Processed),
            rows.Sum(r => r.Retried),
            rows.Sum(r => r.Dead),
            rows.Sum(r => r.JobsPerSecond));
        return new DemoSample(rows, total, time.GetElapsedTime(_started, now), simulator.OrdersPlaced, simulator.JobsEnqueued, simulator.Failures);
    }

    private (long Timestamp, StateCounts Counts) Baseline(long now, StateCounts counts)
    {
        _history.Enqueue((now, counts));
        while (_history.Count > 2 && time.GetElapsedTime(_history.ElementAt(1).Timestamp, now) >= RateWindow)
        {
            _history.Dequeue();
        }

        return _history.Peek();
    }

    private DemoQueueRow Row(string queue, StateCounts counts, StateCounts then, int running, double seconds)
    {
        var processed = counts.Of(queue, JobState.Completed);
        var depth = counts.Of(queue, JobState.Available) + counts.Of(queue, JobState.Scheduled) + counts.Of(queue, JobState.Retryable);
        var rate = seconds > 0 ? Math.Max(0, processed - then.Of(queue, JobState.Completed)) / seconds : 0;
        return new DemoQueueRow(queue, depth, running, processed, retries.Of(queue), counts.Of(queue, JobState.Discarded), rate);
    }
}
