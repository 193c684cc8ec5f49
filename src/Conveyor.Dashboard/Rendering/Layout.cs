namespace Conveyor.Dashboard.Rendering;

/// <summary>The page around every view: head with the stylesheet, the header navigation, the main content, scripts.</summary>
internal static class Layout
{
    private static readonly (string Path, string Id, string Label)[] Nav =
    [
        ("", "overview", "Overview"),
        ("queues", "queues", "Queues"),
        ("jobs", "jobs", "Jobs"),
        ("dead-letters", "dead-letters", "Dead letters"),
        ("recurring", "recurring", "Recurring"),
        ("workers", "workers", "Workers"),
        ("health", "health", "Health"),
        ("alerts", "alerts", "Alerts"),
    ];

    /// <summary>A whole HTML document; <paramref name="section"/> is the nav entry marked current.</summary>
    public static string Page(PageContext page, string section, string title, Html body, params string[] scripts)
    {
        var links = Html.Join(Nav.Select(n => Html.Of(
            $"""<li><a id="nav-{n.Id}" href="{page.Url(n.Path)}"{Html.If(n.Id == section, Html.Of($" aria-current=\"page\""))}>{n.Label}</a></li>""")));
        var scriptTags = Html.Join(scripts.Select(s => Html.Of($"""<script src="{page.Url(page.Assets.PathOf(s))}" defer></script>""")));
        var readOnly = Html.If(page.ReadOnly, Html.Of($"""<span class="badge read-only" id="read-only" title="Actions are turned off">read-only</span>"""));
        return Html.Of($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{title} · Conveyor</title>
            <link rel="icon" type="image/svg+xml" href="{page.Url(page.Assets.PathOf("favicon.svg"))}">
            <link rel="stylesheet" href="{page.Url(page.Assets.PathOf("vendor/uplot/uPlot.min.css"))}">
            <link rel="stylesheet" href="{page.Url(page.Assets.PathOf("dashboard.css"))}">
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header class="top">
            <a class="brand" href="{page.Url("")}">Conveyor</a>{readOnly}
            <nav aria-label="Sections"><ul>{links}</ul></nav>
            </header>
            <main id="main" tabindex="-1" data-refresh="{(int)page.Refresh.TotalMilliseconds}">
            <h1>{title}</h1>
            {body}
            </main>
            <footer class="foot">Rendered <span id="rendered-at">{Format.Time(page.Now)}</span></footer>
            {scriptTags}
            </body>
            </html>
            """).Value;
    }
}
