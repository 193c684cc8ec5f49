using Conveyor.Diagnostics;
using Conveyor.Storage;

namespace Conveyor.Maintenance;

/// <summary>
/// The leader counts the jobs per queue and state, and reads each queue's next due job, every
/// <see cref="ConveyorOptions.MetricsInterval"/> for the <c>conveyor.queue.depth</c> and <c>conveyor.queue.latency</c>
/// gauges — one sample for the cluster, not one per node; a sample is reported for three intervals, so a node that
/// stopped leading stops reporting — and sets each queue's Available count as the depth of the current minute in the
/// store's statistics.
/// </summary>
internal sealed class DepthSampler(IJobAdminStore admin, ConveyorMetrics metrics, IStatsStore? stats, TimeProvider time, ConveyorOptions options) : MaintenanceTask
{
    public override TimeSpan Interval => options.MetricsInterval;

    public override string Name => "depth";

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var counts = (await admin.CountJobsAsync(new CountJobsRequest(), ct).ConfigureAwait(false)).Counts;
        metrics.SetDepth(counts, Interval * 3);
        metrics.SetQueues((await admin.ListQueuesAsync(new ListQueuesRequest(), ct).ConfigureAwait(false)).Queues, Interval * 3);
        if (stats is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var minute = QueueMinute.StartOf(now);
        var depths = counts.GroupBy(c => c.Queue, StringComparer.Ordinal).Select(g => new QueueMinute
        {
            Queue = g.Key,
            Minute = minute,
            Durations = new long[DurationBuckets.Count],
            Depth = g.Where(c => c.State == JobState.Available).Sum(c => c.Count),
        }).ToList();
        await stats.RecordStatsAsync(new RecordStatsRequest { Minutes = depths }, ct).ConfigureAwait(false);
    }
}
