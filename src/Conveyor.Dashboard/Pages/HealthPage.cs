using Conveyor.Dashboard.Data;
using Conveyor.Dashboard.Rendering;

namespace Conveyor.Dashboard.Pages;

/// <summary>The health rules evaluated now (the same evaluator as the health check and the alerts); the alerts page shows what fired.</summary>
internal static class HealthPage
{
    public static async Task<string> RenderAsync(DashboardServices services, PageContext page, CancellationToken ct)
    {
        var findings = await services.Health.EvaluateAsync(services.Rules, ct).ConfigureAwait(false);
        var status = findings.Any(f => f.Unhealthy) ? "unhealthy" : findings.Count > 0 ? "degraded" : "healthy";
        var rows = Html.Join(findings.Select(f => Html.Of($"""
            <tr><td><span class="badge {(f.Unhealthy ? "unhealthy" : "degraded")}">{(f.Unhealthy ? "unhealthy" : "degraded")}</span></td><td><code>{f.Rule}</code></td><td>{f.Subject}</td><td>{f.Message}</td></tr>
            """)));
        var body = Html.Of($"""
            <p class="health-status">Status: <span class="badge {status}" id="health-status">{status}</span></p>
            {(findings.Count == 0
                ? Html.Of($"""<p class="empty" id="no-findings">Every queue is within its rules.</p>""")
                : Html.Of($"""<div class="table-wrap"><table id="findings-table"><thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Subject</th><th scope="col">Finding</th></tr></thead><tbody>{rows}</tbody></table></div>"""))}
            <p class="muted">Evaluated now against the store: queue depth, error rate, dead-letter growth, processing-rate drop, queues without a live worker and lagging recurring jobs (docs/operations.md). Alerts that fired and resolved are sent to the log and webhooks, and listed on <a href="{page.Url("alerts")}">the alerts page</a>.</p>
            """);
        return Layout.Page(page, "health", "Health", body, "live.js");
    }
}
