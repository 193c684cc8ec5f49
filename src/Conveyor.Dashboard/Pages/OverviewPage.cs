using System.Globalization;
using System.Text.Json.Nodes;
using Conveyor.Dashboard.Data;
using Conveyor.Dashboard.Rendering;

namespace Conveyor.Dashboard.Pages;

/// <summary>
/// The overview: a card per job state, worker utilisation, and the charts of the last hour. The numbers are rendered
/// on the server; <c>overview.js</c> then polls <c>api/overview</c> and redraws them without a reload.
/// </summary>
internal static class OverviewPage
{
    public static async Task<string> RenderAsync(DashboardServices services, PageContext page, CancellationToken ct)
    {
        var data = await OverviewData.ReadAsync(services, ct).ConfigureAwait(false);
        var counts = data["counts"]!.AsObject();
        var workers = data["workers"]!.AsObject();
        var cards = Html.Join(JobStates.All.Select(s => Html.Of($"""
            <a class="card stat" href="{page.Url($"jobs?state={s.ToWireName()}")}">
            <span class="stat-label">{Format.Badge(s)}</span>
            <span class="stat-value" id="count-{s.ToWireName()}">{Format.Count((long)counts[s.ToWireName()]!)}</span>
            </a>
            """)));
        var utilisation = (double?)workers["utilisation"];
        var body = Html.Of($"""
            <section aria-labelledby="states-heading">
            <h2 id="states-heading" class="sr-only">Jobs by state</h2>
            <div class="cards">{cards}</div>
            </section>
            <section class="card" aria-labelledby="workers-heading" id="utilisation">
            <h2 id="workers-heading">Worker utilisation</h2>
            <p><progress id="utilisation-bar" max="1" value="{utilisation ?? 0}" aria-describedby="utilisation-text"></progress>
            <span id="utilisation-text">{Utilisation(workers)}</span></p>
            </section>
            <div class="charts" id="charts" data-api="{page.Url("api/overview")}" data-refresh="{(int)services.Options.RefreshInterval.TotalMilliseconds}">
            {Chart("depth", "Depth per queue (available jobs)")}
            {Chart("throughput", "Processed and failed per minute")}
            {Chart("error-rate", "Error rate")}
            {Chart("latency", "Attempt duration p50 / p95 / p99 (ms)")}
            {Chart("utilisation", "Worker utilisation since this page opened")}
            </div>
            <p class="muted">The last {OverviewData.Minutes} minutes from the store's per-minute statistics (written by the workers every few seconds); updates every {services.Options.RefreshInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.</p>
            """);
        return Layout.Page(page, "overview", "Overview", body, "vendor/uplot/uPlot.iife.min.js", "overview.js");
    }

    /// <summary>The utilisation sentence, also written by <c>overview.js</c> from the same JSON.</summary>
    private static string Utilisation(JsonObject workers)
    {
        var (alive, busy, slots) = ((int)workers["alive"]!, (int)workers["busy"]!, (int)workers["slots"]!);
        return alive == 0
            ? "No live worker."
            : $"{busy} of {slots} slots busy on {alive} live worker{(alive == 1 ? "" : "s")} ({(slots == 0 ? 0 : (double)busy / slots):P0}).";
    }

    private static Html Chart(string id, string title) => Html.Of($"""
        <figure class="card chart" aria-labelledby="chart-{id}-title">
        <figcaption id="chart-{id}-title">{title}</figcaption>
        <div class="chart-plot" id="chart-{id}" role="img" aria-label="{title}"></div>
        </figure>
        """);
}
