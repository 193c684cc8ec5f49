using Conveyor.Diagnostics;
using Conveyor.Storage;

namespace Conveyor.Maintenance;

/// <summary>
/// The leader counts the jobs per queue and state every <see cref="ConveyorOptions.MetricsInterval"/> for the
/// <c>conveyor.queue.depth</c> gauge: one count for the cluster, not one per node. A sample is reported for three
/// intervals, so a node that stopped leading stops reporting.
/// </summary>
internal sealed class DepthSampler(IJobAdminStore admin, ConveyorMetrics metrics, ConveyorOptions options) : MaintenanceTask
{
    public override TimeSpan Interval => options.MetricsInterval;

    public override string Name => "depth";

    public override async Task RunOnceAsync(CancellationToken ct) =>
        metrics.SetDepth((await admin.CountJobsAsync(new CountJobsRequest(), ct).ConfigureAwait(false)).Counts, Interval * 3);
}
