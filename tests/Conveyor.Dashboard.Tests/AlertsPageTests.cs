using System.Text.RegularExpressions;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Tests;

public sealed class AlertsPageTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AlertsPage_ShowsTheFiringAlertsAboveTheHistory_WithWhenEachFiredAndResolvedAndHowLong()
    {
        await using var store = await TestStore.CreateAsync();
        var resolved = await FireAsync(store, "error_rate", "flaky", "degraded", "Queue flaky failed 30% of its attempts.", At);
        await store.Alerts.ResolveAlertAsync(new ResolveAlertRequest { Rule = "error_rate", Subject = "flaky", At = At.AddMinutes(42) }, CancellationToken.None);
        var firing = await FireAsync(store, "no_worker", "mail", "unhealthy", "No live worker works queue mail.", At.AddHours(1));
        await using var server = await DashboardServer.StartAsync(store);

        var page = await server.GetStringAsync("alerts");

        var firingTable = Table(page, "firing-alerts");
        var history = Table(page, "alert-history");
        Assert.True(page.IndexOf("id=\"firing-alerts\"", StringComparison.Ordinal) < page.IndexOf("id=\"alert-history\"", StringComparison.Ordinal));
        Assert.Contains($"<tr id=\"alert-{firing}\">", firingTable, StringComparison.Ordinal);
        Assert.DoesNotContain($"<tr id=\"alert-{resolved}\">", firingTable, StringComparison.Ordinal);
        Assert.Contains("<code>no_worker</code>", firingTable, StringComparison.Ordinal);
        Assert.Contains("""<span class="badge firing">firing</span>""", firingTable, StringComparison.Ordinal);
        Assert.Equal([firing, resolved], Regex.Matches(history, "<tr id=\"alert-(\\d+)\">").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("""<span class="badge degraded">degraded</span>""", history, StringComparison.Ordinal);
        Assert.Contains("Queue flaky failed 30% of its attempts.", history, StringComparison.Ordinal);
        Assert.Contains("""<time datetime="2026-11-24T09:42:00Z" """, history, StringComparison.Ordinal);
        Assert.Contains("""<td class="num">42m</td>""", history, StringComparison.Ordinal);
        Assert.Contains("""<a id="nav-alerts" href="/conveyor/alerts" aria-current="page">Alerts</a>""", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsPage_SaysSo_WhenNoAlertEverFired()
    {
        await using var store = await TestStore.CreateAsync();
        await using var server = await DashboardServer.StartAsync(store);

        var page = await server.GetStringAsync("alerts");

        Assert.Contains("id=\"no-firing\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"no-history\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"older\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsPage_RendersAMessageHoldingAScriptInert()
    {
        await using var store = await TestStore.CreateAsync();
        await FireAsync(store, "depth", "<b>mail</b>", "unhealthy", $"Deep {Seeded.Script}", At);
        await using var server = await DashboardServer.StartAsync(store);

        var page = await server.GetStringAsync("alerts");

        Assert.DoesNotContain(Seeded.Script, page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>mail</b>", page, StringComparison.Ordinal);
        Assert.Contains("Deep &lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;mail&lt;/b&gt;", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsPage_PagesTheHistoryByKeyset_WhenThereAreMoreAlertsThanAPage()
    {
        await using var store = await TestStore.CreateAsync();
        var ids = new List<long>();
        for (var i = 0; i < 55; i++)
        {
            ids.Add(await FireAsync(store, "depth", $"q{i}", "unhealthy", "Deep.", At.AddMinutes(i)));
            await store.Alerts.ResolveAlertAsync(new ResolveAlertRequest { Rule = "depth", Subject = $"q{i}", At = At.AddMinutes(i + 1) }, CancellationToken.None);
        }

        await using var server = await DashboardServer.StartAsync(store);

        var first = await server.GetStringAsync("alerts");
        var second = await server.GetStringAsync($"alerts?before={ids[5]}");

        Assert.Equal(50, Regex.Count(Table(first, "alert-history"), "<tr id=\"alert-"));
        Assert.Contains($"<tr id=\"alert-{ids[^1]}\">", first, StringComparison.Ordinal);
        Assert.DoesNotContain($"<tr id=\"alert-{ids[4]}\">", first, StringComparison.Ordinal);
        Assert.Contains($"href=\"/conveyor/alerts?before={ids[5]}\"", first, StringComparison.Ordinal);
        Assert.Equal(5, Regex.Count(second, "<tr id=\"alert-"));
        Assert.Contains("id=\"newest\" href=\"/conveyor/alerts\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"older\"", second, StringComparison.Ordinal);
    }

    private static async Task<long> FireAsync(TestStore store, string rule, string subject, string severity, string message, DateTimeOffset at) =>
        (await store.Alerts.FireAlertAsync(new FireAlertRequest { Rule = rule, Subject = subject, Severity = severity, Message = message, At = at }, CancellationToken.None)).Alert.Id;

    /// <summary>The markup of the table with id <paramref name="id"/>.</summary>
    private static string Table(string page, string id)
    {
        var start = page.IndexOf($"<table id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table {id} on the page");
        return page[start..(page.IndexOf("</table>", start, StringComparison.Ordinal) + "</table>".Length)];
    }
}
