using Conveyor.Dashboard.Assets;
using Conveyor.Diagnostics;
using Conveyor.Health;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Data;

/// <summary>What the dashboard reads and acts through: the store's admin interfaces, the client (to trigger a recurring job), the clock.</summary>
/// <param name="Admin">Jobs, queues and nodes.</param>
/// <param name="Stats">The per-minute statistics behind the charts; null when the store keeps none.</param>
/// <param name="Schedules">The recurring schedules; null when the store keeps none.</param>
/// <param name="Alerts">The alerts the leader raised; null when the store keeps none.</param>
/// <param name="Client">The client that enqueues a triggered recurring job; null when none is registered.</param>
/// <param name="Time">The clock.</param>
/// <param name="Rules">The health rules the health page evaluates.</param>
/// <param name="Options">The dashboard's options.</param>
/// <param name="Assets">The embedded assets.</param>
/// <param name="Metrics">This process's <c>Conveyor</c> meter in Prometheus text; null when no meter is registered.</param>
internal sealed record DashboardServices(
    IJobAdminStore Admin,
    IStatsStore? Stats,
    IScheduleStore? Schedules,
    IAlertStore? Alerts,
    IJobClient? Client,
    TimeProvider Time,
    HealthRules Rules,
    DashboardOptions Options,
    EmbeddedAssets Assets,
    PrometheusText? Metrics)
{
    /// <summary>The health evaluator over the same store.</summary>
    public HealthEvaluator Health => new(Admin, Stats, Schedules, Time);
}
