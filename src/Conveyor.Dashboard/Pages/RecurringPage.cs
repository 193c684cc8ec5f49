using Conveyor.Dashboard.Data;
using Conveyor.Dashboard.Rendering;
using Conveyor.Recurring;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Pages;

/// <summary>
/// The recurring schedules: expression, paused or not, last tick enqueued, last run (tick, how it ended, when), last
/// success and next run; trigger now, pause, resume.
/// </summary>
internal static class RecurringPage
{
    public static async Task<string> RenderAsync(DashboardServices services, PageContext page, string? notice, CancellationToken ct)
    {
        if (services.Schedules is null)
        {
            return Layout.Page(page, "recurring", "Recurring jobs", Html.Of($"""<p class="empty">This store keeps no recurring schedules.</p>"""));
        }

        var schedules = (await services.Schedules.ListSchedulesAsync(new ListSchedulesRequest(), ct).ConfigureAwait(false)).Schedules;
        var rows = Html.Join(schedules.Select(s => Row(page, s, services.Client is not null)));
        var body = schedules.Count == 0
            ? Html.Of($"""<p class="empty">No recurring schedules. Add one with <code>c.Recurring&lt;TArgs&gt;(name, cron)</code> or <code>conveyor recurring add</code>.</p>""")
            : Html.Of($"""
                {(notice is null ? Html.Empty : Html.Of($"<p class=\"notice\" role=\"status\" id=\"notice\">{notice}</p>"))}
                <div class="table-wrap">
                <table id="recurring-table">
                <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Queue</th><th scope="col">Schedule</th><th scope="col">Status</th><th scope="col">Last enqueued</th><th scope="col">Last run</th><th scope="col">Last success</th><th scope="col">Next run</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
                <tbody>{rows}</tbody>
                </table>
                </div>
                <p class="muted">Last enqueued is the latest tick handled (enqueued, or skipped by the misfire policy). The last run is the latest tick whose job finished, how it ended and when; the last success is the latest tick whose job completed. Resuming skips the ticks that passed while paused.</p>
                """);
        return Layout.Page(page, "recurring", "Recurring jobs", body, "live.js");
    }

    private static Html Row(PageContext page, StoredSchedule schedule, bool canTrigger)
    {
        var d = schedule.Definition;
        var name = Uri.EscapeDataString(d.Name);
        var status = schedule.Paused ? Html.Of($"""<span class="badge paused">paused</span>""") : Html.Of($"""<span class="badge active">active</span>""");
        var actions = Html.Of($"""
            {Html.If(canTrigger, page.Action($"recurring/{name}/trigger", "Trigger now", "button small"))}
            {page.Action($"recurring/{name}/{(schedule.Paused ? "resume" : "pause")}", schedule.Paused ? "Resume" : "Pause", "button small")}
            """);
        return Html.Of($"""
            <tr data-schedule="{d.Name}">
            <th scope="row">{d.Name}</th><td>{d.Kind}</td><td>{d.Queue}</td>
            <td><code>{d.Cron}</code> <span class="muted">{d.TimeZone}</span></td>
            <td>{status}</td>
            <td>{Format.Ago(schedule.Cursor, page.Now)}</td>
            <td>{LastRun(schedule.LastRun, page.Now)}</td>
            <td>{Format.Time(schedule.LastSucceededTick)}</td>
            <td>{Next(schedule, page.Now)}</td>
            <td class="actions">{actions}</td>
            </tr>
            """);
    }

    private static Html LastRun(ScheduleRun? run, DateTimeOffset now) =>
        run is null
            ? Html.Of($"–")
            : Html.Of($"""{Format.Time(run.Tick)} {Format.Badge(run.State)} <span class="muted">finished {Format.Ago(run.FinishedAt, now)}</span>""");

    private static Html Next(StoredSchedule schedule, DateTimeOffset now)
    {
        if (schedule.Paused)
        {
            return Html.Of($"–");
        }

        try
        {
            var next = CronSchedule.Parse(schedule.Definition.Cron, schedule.Definition.TimeZone).Next(schedule.Cursor ?? now);
            return Format.Ago(next, now);
        }
        catch (FormatException ex)
        {
            return Html.Of($"""<span class="error-text">{ex.Message}</span>""");
        }
    }
}
