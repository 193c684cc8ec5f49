using Conveyor.Dashboard.Data;

namespace Conveyor.Dashboard.Rendering;

/// <summary>
/// The table of jobs shared by the jobs and dead-letters pages, with the keyset "older" link, and for a text search that
/// ran out of its window of ids (<see cref="JobSearch"/>), where it stopped and a link to search the older jobs.
/// </summary>
internal static class JobTable
{
    /// <summary>The jobs, each linking to its detail; <paramref name="actions"/> adds a cell of buttons per job.</summary>
    public static Html Render(PageContext page, JobListPage list, JobFilter filter, string listPath, Func<JobRecord, Html>? actions = null)
    {
        var jobs = list.Jobs;
        var searchOlder = list.SearchOlderBefore is { } below
            ? Html.Of($"""<p class="muted" id="searched">Searched back to job #{below}. <a class="button small" id="search-older" href="{page.Url(listPath + filter.Query(below))}">Search older jobs →</a></p>""")
            : Html.Empty;
        if (jobs.Count == 0)
        {
            return Html.Of($"""<p class="empty" id="no-jobs">No jobs match.</p>{searchOlder}""");
        }

        var rows = Html.Join(jobs.Select(j => Html.Of($"""
            <tr id="job-{j.Id}">
            <td class="num"><a href="{page.Url($"jobs/{j.Id}")}">{j.Id}</a></td>
            <td>{Format.Badge(j.State)}</td>
            <td>{j.Kind}</td>
            <td>{j.Queue}</td>
            <td class="num">{j.Attempt}/{j.MaxAttempts}</td>
            <td>{Format.Ago(j.CreatedAt, page.Now)}</td>
            <td class="error-cell">{(j.Errors.Count == 0 ? "" : Shorten(j.Errors[^1].Message))}</td>
            {Html.If(actions is not null, Html.Of($"<td class=\"actions\">{actions?.Invoke(j)}</td>"))}
            </tr>
            """)));
        var older = jobs.Count == filter.ToRequest().Limit
            ? Html.Of($"""<a class="button" rel="next" id="older" href="{page.Url(listPath + filter.Query(jobs[^1].Id))}">Older jobs →</a>""")
            : Html.Empty;
        var newest = filter.Before is not null
            ? Html.Of($"""<a class="button" id="newest" href="{page.Url(listPath + filter.Query())}">← Newest</a>""")
            : Html.Empty;
        return Html.Of($"""
            <div class="table-wrap">
            <table id="jobs-table">
            <thead><tr><th scope="col">Id</th><th scope="col">State</th><th scope="col">Kind</th><th scope="col">Queue</th><th scope="col" class="num">Attempt</th><th scope="col">Created</th><th scope="col">Last error</th>{Html.If(actions is not null, Html.Of($"<th scope=\"col\"><span class=\"sr-only\">Actions</span></th>"))}</tr></thead>
            <tbody>{rows}</tbody>
            </table>
            </div>
            <nav class="pager" aria-label="Pages">{newest}{older}</nav>
            {searchOlder}
            """);
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 120 ? line : line[..119] + "…";
    }
}
