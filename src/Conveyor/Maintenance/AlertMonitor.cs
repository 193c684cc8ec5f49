using Conveyor.Health;
using Microsoft.Extensions.Logging;

namespace Conveyor.Maintenance;

/// <summary>
/// The leader's alert round: evaluates the rules, feeds the findings to the hysteresis, logs each alert that fires
/// (a warning) or resolves, and enqueues one webhook job per alert and webhook. The hysteresis lives on the leader: a
/// new leader starts afresh, so an alert still firing then fires once more.
/// </summary>
internal sealed class AlertMonitor(HealthEvaluator evaluator, AlertOptions alerts, IJobClient client, TimeProvider time, ILogger<AlertMonitor> logger) : MaintenanceTask
{
    private readonly AlertTracker _tracker = new(alerts.FireAfter, alerts.ResolveAfter);

    public override TimeSpan Interval => alerts.Interval;

    public override string Name => "alerts";

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var findings = await evaluator.EvaluateAsync(alerts.Rules, ct).ConfigureAwait(false);
        foreach (var alert in _tracker.Observe(findings, time.GetUtcNow()))
        {
            if (alert.Status == "firing")
            {
                Runtime.Log.AlertFiring(logger, alert.Rule, alert.Subject, alert.Severity, alert.Message);
            }
            else
            {
                Runtime.Log.AlertResolved(logger, alert.Rule, alert.Subject);
            }

            foreach (var url in alerts.Webhooks)
            {
                await client.EnqueueAsync(new AlertWebhook(url, alert), new EnqueueOptions { Queue = alerts.WebhookQueue }, ct).ConfigureAwait(false);
            }
        }
    }
}
