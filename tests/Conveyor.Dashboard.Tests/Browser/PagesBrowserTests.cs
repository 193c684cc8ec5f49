using System.Text.Json.Nodes;

namespace Conveyor.Dashboard.Tests.Browser;

[Collection("Browser")]
public sealed class PagesBrowserTests
{
    [Fact]
    public async Task EveryPage_RendersTheSeededDataWithoutErrors_WhenOpenedInChromium()
    {
        await using var store = await TestStore.CreateAsync();
        var seeded = await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store);

        var report = await Browse.RunAsync(new JsonObject
        {
            ["scenario"] = "pages",
            ["base"] = server.Root.ToString(),
            ["out"] = Browse.Screenshots("desktop"),
            ["pages"] = DashboardPages.Scenario(seeded),
        });

        Browse.NoErrors(report);
        var pages = report["pages"]!.AsArray().Select(p => p!.AsObject()).ToDictionary(p => (string)p["name"]!);
        Assert.Equal(DashboardPages.Of(seeded).Select(p => (p.Name, p.Heading)), pages.Values.Select(p => ((string)p["name"]!, (string)p["heading"]!)));
        Assert.Equal(5, Rows(pages["queues"], "queues-table"));
        Assert.Equal(7, Rows(pages["jobs"], "jobs-table"));
        Assert.Equal(1, Rows(pages["dead-letters"], "jobs-table"));
        Assert.Equal(1, Rows(pages["recurring"], "recurring-table"));
        Assert.Equal(1, Rows(pages["workers"], "workers-table"));
        Assert.Equal(1, Rows(pages["alerts"], "firing-alerts"));
        Assert.Equal(2, Rows(pages["alerts"], "alert-history"));
        Assert.Contains(Seeded.Script, Text(pages["job"]), StringComparison.Ordinal);
        Assert.Contains("nightly", Text(pages["recurring"]), StringComparison.Ordinal);
        Assert.Contains(Seeded.Owner, Text(pages["workers"]), StringComparison.Ordinal);
        foreach (var page in pages.Values)
        {
            var screenshot = (string)page["screenshot"]!;
            Assert.True(new FileInfo(screenshot) is { Exists: true, Length: > 10_000 }, $"no screenshot at {screenshot}");
        }
    }

    private static int Rows(JsonObject page, string table) => (int)page["rows"]![table]!;

    private static string Text(JsonObject page) => (string)page["text"]!;
}
