using Conveyor.Dashboard.Data;
using Conveyor.Dashboard.Rendering;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Pages;

/// <summary>
/// The dead letters (Discarded jobs), filtered by queue, kind or id: retry one, or retry or delete every match after a
/// confirmation page; a single delete is confirmed too.
/// </summary>
internal static class DeadLettersPage
{
    public static async Task<string> RenderAsync(DashboardServices services, PageContext page, JobFilter filter, string? notice, CancellationToken ct)
    {
        var queues = (await services.Admin.ListQueuesAsync(new ListQueuesRequest(), ct).ConfigureAwait(false)).Queues.Select(q => q.Name).ToList();
        var jobs = filter.Id is { } id
            ? new JobListPage(await services.Admin.GetJobAsync(new GetJobRequest { JobId = id }, ct).ConfigureAwait(false) is { State: JobState.Discarded } job ? [job] : [], null)
            : await JobSearch.ListAsync(services.Admin, filter, services.Options.TextSearchWindow, ct).ConfigureAwait(false);
        var bulk = Html.If(!page.ReadOnly && (jobs.Jobs.Count > 0 || jobs.SearchOlderBefore is not null) && filter.Id is null, Html.Of($"""
            <div class="actions bulk">
            <a class="button primary" id="retry-all-link" href="{page.Url("confirm" + BulkQuery("retry-all", filter))}">Retry all matching…</a>
            <a class="button danger" id="delete-all-link" href="{page.Url("confirm" + BulkQuery("delete-all", filter))}">Delete all matching…</a>
            </div>
            """));
        var body = Html.Of($"""
            {Notice(notice)}
            <p class="muted">Jobs that failed for good: out of attempts, a permanent error, or arguments that cannot be read. They stay here until retried, deleted or pruned by retention.</p>
            {FilterForm.Render(page, "dead-letters", filter, queues, withState: false)}
            {bulk}
            {JobTable.Render(page, jobs, filter, "dead-letters", page.ReadOnly ? null : j => Html.Of($"""{page.Action($"jobs/{j.Id}/retry", "Retry", "button small", Back)}<a class="button small danger" href="{page.Url($"confirm?action=delete&id={j.Id}")}">Delete…</a>"""))}
            """);
        return Layout.Page(page, "dead-letters", "Dead letters", body, "live.js");
    }

    /// <summary>The hidden field that sends a retried job's page back to the dead letters.</summary>
    private static readonly Dictionary<string, string> Back = new(StringComparer.Ordinal) { ["back"] = "dead-letters" };

    /// <summary>The confirmation query of a bulk action over the filter's matches.</summary>
    public static string BulkQuery(string action, JobFilter filter) =>
        (filter with { State = null, Id = null, Before = null }).Query() is { Length: > 0 } query ? $"?action={action}&{query[1..]}" : $"?action={action}";

    private static Html Notice(string? notice) => notice is null
        ? Html.Empty
        : Html.Of($"""<p class="notice" role="status" id="notice">{notice}</p>""");
}
