using System.Globalization;
using Conveyor.Dashboard.Data;
using Conveyor.Dashboard.Pages;
using Conveyor.Dashboard.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Conveyor.Dashboard.Endpoints.DashboardRequest;

namespace Conveyor.Dashboard.Endpoints;

/// <summary>The HTML pages: GET only, none of them changes anything.</summary>
internal static class PageEndpoints
{
    public static void Map(RouteGroupBuilder group, DashboardServices s, string prefix)
    {
        group.MapGet("/", async (HttpContext http, CancellationToken ct) => Html(http, await OverviewPage.RenderAsync(s, Page(http, s, prefix), ct)));
        group.MapGet("queues", async (HttpContext http, CancellationToken ct) => Html(http, await QueuesPage.RenderAsync(s, Page(http, s, prefix), ct)));
        group.MapGet("jobs", async (HttpContext http, CancellationToken ct) => Html(http, await JobsPage.RenderAsync(s, Page(http, s, prefix), JobFilter.From(http.Request.Query), ct)));
        group.MapGet("jobs/{id:long}", async (HttpContext http, long id, CancellationToken ct) =>
            await s.Admin.GetJobAsync(new Storage.GetJobRequest { JobId = id }, ct) is { } job
                ? Html(http, JobPage.Render(Page(http, s, prefix), job))
                : NotFound(http, s, prefix, $"Job {id} does not exist (it may have been deleted, or pruned after its retention period)."));
        group.MapGet("dead-letters", async (HttpContext http, CancellationToken ct) =>
            Html(http, await DeadLettersPage.RenderAsync(s, Page(http, s, prefix), JobFilter.From(http.Request.Query, JobState.Discarded), Notice(http.Request.Query), ct)));
        group.MapGet("confirm", async (HttpContext http, CancellationToken ct) =>
            await ConfirmPage.RenderAsync(s, Page(http, s, prefix), http.Request.Query["action"].ToString(), JobFilter.From(http.Request.Query, JobState.Discarded), ct) is { } html
                ? Html(http, html)
                : NotFound(http, s, prefix, "Nothing to confirm: the job does not exist or the action is unknown."));
        group.MapGet("recurring", async (HttpContext http, CancellationToken ct) => Html(http, await RecurringPage.RenderAsync(s, Page(http, s, prefix), Notice(http.Request.Query), ct)));
        group.MapGet("workers", async (HttpContext http, CancellationToken ct) => Html(http, await WorkersPage.RenderAsync(s, Page(http, s, prefix), ct)));
        group.MapGet("alerts", async (HttpContext http, CancellationToken ct) => Html(http, await AlertsPage.RenderAsync(s, Page(http, s, prefix), http.Request.Query["before"].ToString(), ct)));
        group.MapGet("health", async (HttpContext http, CancellationToken ct) => Html(http, await HealthPage.RenderAsync(s, Page(http, s, prefix), ct)));
        group.MapGet("{**rest}", (HttpContext http) => NotFound(http, s, prefix, "There is no such page."));
    }

    private static IResult NotFound(HttpContext http, DashboardServices s, string prefix, string message) =>
        Html(http, Layout.Page(Page(http, s, prefix), "", "Not found", Rendering.Html.Of($"""<p class="empty">{message}</p>""")), StatusCodes.Status404NotFound);

    /// <summary>The sentence for an action's outcome code (<c>?done=retried&amp;n=3</c>); only fixed sentences, never text from the URL.</summary>
    private static string? Notice(IQueryCollection query)
    {
        var n = long.TryParse(query["n"], NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
        return query["done"].ToString() switch
        {
            "retried" => $"Retried {n} job{(n == 1 ? "" : "s")}.",
            "deleted" => $"Deleted {n} job{(n == 1 ? "" : "s")}.",
            "triggered" => $"Enqueued job {n}.",
            _ => null,
        };
    }
}
