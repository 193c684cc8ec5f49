using System.Globalization;
using Conveyor.Dashboard.Data;
using Conveyor.Dashboard.Rendering;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Pages;

/// <summary>The alerts the leader raised: those firing now, then the history, newest first, fifty to a page with keyset paging.</summary>
internal static class AlertsPage
{
    private const int PageSize = 50;

    public static async Task<string> RenderAsync(DashboardServices services, PageContext page, string? before, CancellationToken ct)
    {
        if (services.Alerts is not { } alerts)
        {
            return Layout.Page(page, "alerts", "Alerts", Html.Of($"""<p class="empty" id="no-alert-store">This store keeps no alerts.</p>"""), "live.js");
        }

        var beforeId = long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null;
        var firing = (await alerts.ListFiringAlertsAsync(new ListFiringAlertsRequest(), ct).ConfigureAwait(false)).Alerts;
        var history = (await alerts.ListAlertHistoryAsync(new ListAlertHistoryRequest { BeforeId = beforeId, Limit = PageSize }, ct).ConfigureAwait(false)).Alerts;
        var body = Html.Of($"""
            <h2>Firing</h2>
            {(firing.Count == 0
                ? Html.Of($"""<p class="empty" id="no-firing">No alert is firing.</p>""")
                : Table("firing-alerts", firing, page))}
            <h2>History</h2>
            {(history.Count == 0
                ? Html.Of($"""<p class="empty" id="no-history">No alert has fired{(beforeId is null ? "" : " before these")}.</p>""")
                : Table("alert-history", history, page))}
            {Pager(page, history, beforeId)}
            <p class="muted">The elected leader evaluates the health rules; an alert fires after its finding is seen in several evaluations in a row and resolves after it is gone for several (docs/operations.md). Each is sent to the log and the webhooks once when it fires and once when it resolves, and kept here until its retention (<code>AlertRetention</code>) after it resolved.</p>
            """);
        return Layout.Page(page, "alerts", "Alerts", body, "live.js");
    }

    private static Html Table(string tableId, IReadOnlyList<AlertRecord> alerts, PageContext page)
    {
        var rows = Html.Join(alerts.Select(a => Html.Of($"""
            <tr id="alert-{a.Id}">
            <td><span class="badge {Severity(a.Severity)}">{a.Severity}</span></td>
            <td><code>{a.Rule}</code></td>
            <td>{a.Subject}</td>
            <td>{a.Message}</td>
            <td>{Format.Ago(a.FiredAt, page.Now)}</td>
            <td>{(a.ResolvedAt is null ? Html.Of($"""<span class="badge firing">firing</span>""") : Format.Ago(a.ResolvedAt, page.Now))}</td>
            <td class="num">{Format.Duration((a.ResolvedAt ?? page.Now) - a.FiredAt)}</td>
            </tr>
            """)));
        return Html.Of($"""
            <div class="table-wrap">
            <table id="{tableId}">
            <thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Subject</th><th scope="col">Message</th><th scope="col">Fired</th><th scope="col">Resolved</th><th scope="col" class="num">Duration</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            </div>
            """);
    }

    /// <summary>The badge class of a severity: only the two the rules give, so a stored value never names a class.</summary>
    private static string Severity(string severity) => severity == "unhealthy" ? "unhealthy" : "degraded";

    private static Html Pager(PageContext page, IReadOnlyList<AlertRecord> history, long? beforeId)
    {
        var older = history.Count == PageSize
            ? Html.Of($"""<a class="button" rel="next" id="older" href="{page.Url("alerts?before=" + history[^1].Id.ToString(CultureInfo.InvariantCulture))}">Older alerts →</a>""")
            : Html.Empty;
        var newest = beforeId is not null
            ? Html.Of($"""<a class="button" id="newest" href="{page.Url("alerts")}">← Newest</a>""")
            : Html.Empty;
        return Html.Of($"""<nav class="pager" aria-label="Pages">{newest}{older}</nav>""");
    }
}
