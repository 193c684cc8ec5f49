using Conveyor.Dashboard.Data;
using Conveyor.Dashboard.Rendering;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Pages;

/// <summary>The worker nodes that reported in the last hour: alive or dead, busy or idle, their queues and version.</summary>
internal static class WorkersPage
{
    public static async Task<string> RenderAsync(DashboardServices services, PageContext page, CancellationToken ct)
    {
        var nodes = (await services.Admin.ListNodesAsync(new ListNodesRequest { SeenSince = page.Now.AddHours(-1) }, ct).ConfigureAwait(false)).Nodes
            .OrderBy(n => n.Host, StringComparer.Ordinal).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
        var rows = Html.Join(nodes.Select(n => Html.Of($"""
            <tr data-node="{n.Id}">
            <th scope="row">{n.Id}</th>
            <td>{State(n, page.Now)}</td>
            <td class="num">{n.Busy} / {WorkerSlots.Of(n)}</td>
            <td>{n.Queues}</td>
            <td>{n.Host}</td>
            <td class="num">{n.ProcessId}</td>
            <td>{n.Version}</td>
            <td>{Format.Ago(n.StartedAt, page.Now)}</td>
            <td>{Format.Ago(n.LastSeenAt, page.Now)}</td>
            </tr>
            """)));
        var body = nodes.Count == 0
            ? Html.Of($"""<p class="empty" id="no-workers">No worker reported in the last hour.</p>""")
            : Html.Of($"""
                <div class="table-wrap">
                <table id="workers-table">
                <thead><tr><th scope="col">Worker</th><th scope="col">State</th><th scope="col" class="num">Busy / slots</th><th scope="col">Queues</th><th scope="col">Host</th><th scope="col" class="num">PID</th><th scope="col">Version</th><th scope="col">Started</th><th scope="col">Last seen</th></tr></thead>
                <tbody>{rows}</tbody>
                </table>
                </div>
                <p class="muted">A worker reports every {NodeInfo.HeartbeatInterval.TotalSeconds} s and counts as dead after three missed reports; a dead worker's running jobs come back when their leases expire.</p>
                """);
        return Layout.Page(page, "workers", "Workers", body, "live.js");
    }

    private static Html State(NodeInfo node, DateTimeOffset now) =>
        !node.IsAlive(now) ? Html.Of($"""<span class="badge dead">dead</span>""")
        : node.Busy > 0 ? Html.Of($"""<span class="badge busy">busy</span>""")
        : Html.Of($"""<span class="badge idle">idle</span>""");
}
