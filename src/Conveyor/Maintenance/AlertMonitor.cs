using Conveyor.Health;
using Conveyor.Storage;
using Microsoft.Extensions.Logging;

namespace Conveyor.Maintenance;

/// <summary>
/// The leader's alert round: evaluates the rules, feeds the findings to the hysteresis, records each alert that fires
/// or resolves in the store, then logs it (a warning when it fires) and enqueues one webhook job per alert and webhook.
/// With an <see cref="IAlertStore"/>, every round starts the hysteresis from the stored firing alerts, so a new leader
/// treats them as firing (no second report) and resolves them when they clear, and of two leaders overlapping for a
/// round only the one whose firing the store recorded reports it. Without one, the hysteresis lives on the leader only:
/// a new leader starts afresh, and an alert still firing then fires once more.
/// </summary>
internal sealed class AlertMonitor(HealthEvaluator evaluator, AlertOptions alerts, IAlertStore? store, IJobClient client, TimeProvider time, ILogger<AlertMonitor> logger) : MaintenanceTask
{
    private readonly AlertTracker _tracker = new(alerts.FireAfter, alerts.ResolveAfter);

    public override TimeSpan Interval => alerts.Interval;

    public override string Name => "alerts";

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        if (store is not null)
        {
            var firing = await store.ListFiringAlertsAsync(new ListFiringAlertsRequest(), ct).ConfigureAwait(false);
            _tracker.Seed([.. firing.Alerts.Select(a => new HealthFinding(a.Rule, a.Subject, a.Severity == "unhealthy", a.Message))]);
        }

        var findings = await evaluator.EvaluateAsync(alerts.Rules, ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var changes = _tracker.Observe(findings, now);
        foreach (var alert in changes)
        {
            // Recorded before it is reported: a report the store refused (another leader's) is not sent twice.
            if (await RecordAsync(alert, ct).ConfigureAwait(false))
            {
                await ReportAsync(alert, ct).ConfigureAwait(false);
            }
        }

        await TouchAsync(findings, changes, now, ct).ConfigureAwait(false);
    }

    /// <summary>Whether the store took the change (always, without a store).</summary>
    private async Task<bool> RecordAsync(AlertEvent alert, CancellationToken ct)
    {
        if (store is null)
        {
            return true;
        }

        if (alert.Status == "firing")
        {
            var fired = await store.FireAlertAsync(FireRequest(alert.Rule, alert.Subject, alert.Severity, alert.Message, alert.At), ct).ConfigureAwait(false);
            return fired.Fired;
        }

        return await store.ResolveAlertAsync(new ResolveAlertRequest { Rule = alert.Rule, Subject = alert.Subject, At = alert.At }, ct).ConfigureAwait(false);
    }

    private async Task ReportAsync(AlertEvent alert, CancellationToken ct)
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

    /// <summary>Moves the last-seen time of the alerts that were firing already and whose finding this round saw again.</summary>
    private async Task TouchAsync(IReadOnlyList<HealthFinding> findings, List<AlertEvent> changes, DateTimeOffset now, CancellationToken ct)
    {
        if (store is null)
        {
            return;
        }

        foreach (var finding in findings.Where(f => _tracker.IsFiring(f.Rule, f.Subject) && !changes.Any(c => c.Rule == f.Rule && c.Subject == f.Subject)))
        {
            var severity = finding.Unhealthy ? "unhealthy" : "degraded";
            var touched = await store.FireAlertAsync(FireRequest(finding.Rule, finding.Subject, severity, finding.Message, now), ct).ConfigureAwait(false);

            // Resolved by another leader since this round read the store: the firing recorded now is this leader's to report.
            if (touched.Fired)
            {
                await ReportAsync(new AlertEvent("firing", finding.Rule, finding.Subject, severity, finding.Message, now), ct).ConfigureAwait(false);
            }
        }
    }

    private static FireAlertRequest FireRequest(string rule, string subject, string severity, string message, DateTimeOffset at) =>
        new() { Rule = rule, Subject = subject, Severity = severity, Message = message, At = at };
}
