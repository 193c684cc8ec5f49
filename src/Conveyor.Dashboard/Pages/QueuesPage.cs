using Conveyor.Dashboard.Data;
using Conveyor.Dashboard.Rendering;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Pages;

/// <summary>
/// The queues: jobs per state (each count links to the jobs), how long the next job has waited (the queue's latency),
/// whether paused, and pause/resume; <c>queues.js</c> keeps the counts and waits current.
/// </summary>
internal static class QueuesPage
{
    public static async Task<string> RenderAsync(DashboardServices services, PageContext page, CancellationToken ct)
    {
        var queues = await QueueRow.ReadAsync(services.Admin, ct).ConfigureAwait(false);
        var headers = Html.Join(JobStates.All.Select(s => Html.Of($"""<th scope="col" class="num">{Format.Badge(s)}</th>""")));
        var rows = Html.Join(queues.Select(queue => Row(page, queue)));
        var body = queues.Count == 0
            ? Html.Of($"""<p class="empty">No queues yet: a queue appears when a job is enqueued to it.</p>""")
            : Html.Of($"""
                <div class="table-wrap">
                <table id="queues-table" data-api="{page.Url("api/queues")}" data-refresh="{(int)services.Options.RefreshInterval.TotalMilliseconds}">
                <thead><tr><th scope="col">Queue</th><th scope="col">Status</th>{headers}<th scope="col" class="num" title="How long the job this queue hands out next has waited since it was due">Next waiting</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
                <tbody>{rows}</tbody>
                </table>
                </div>
                <p class="muted">A paused queue still accepts jobs; no worker fetches from it until it is resumed.</p>
                """);
        return Layout.Page(page, "queues", "Queues", body, "queues.js");
    }

    private static Html Row(PageContext page, QueueRow queue)
    {
        var (name, paused) = (queue.Name, queue.Paused);
        var cells = Html.Join(JobStates.All.Select(s =>
            Html.Of($"""<td class="num"><a data-state="{s.ToWireName()}" href="{page.Url($"jobs?queue={Uri.EscapeDataString(name)}&state={s.ToWireName()}")}">{Format.Count(queue.Counts[s])}</a></td>""")));
        var status = paused ? Html.Of($"""<span class="badge paused">paused</span>""") : Html.Of($"""<span class="badge active">active</span>""");
        var action = page.Action($"queues/{Uri.EscapeDataString(name)}/{(paused ? "resume" : "pause")}", paused ? "Resume" : "Pause");
        var waiting = Format.Wait(queue.NextDueAt, page.Now);
        return Html.Of($"""<tr data-queue="{name}"><th scope="row">{name}</th><td>{status}</td>{cells}<td class="num" data-latency>{waiting}</td><td class="actions">{action}</td></tr>""");
    }
}
