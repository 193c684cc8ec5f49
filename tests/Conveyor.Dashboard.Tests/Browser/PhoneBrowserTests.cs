using System.Text.Json.Nodes;

namespace Conveyor.Dashboard.Tests.Browser;

[Collection("Browser")]
public sealed class PhoneBrowserTests
{
    [Fact]
    public async Task EveryPage_FitsThePhonesWidth_WhenViewedAt390Pixels()
    {
        await using var store = await TestStore.CreateAsync();
        var seeded = await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store);

        var report = await Browse.RunAsync(new JsonObject
        {
            ["scenario"] = "pages",
            ["base"] = server.Root.ToString(),
            ["out"] = Browse.Screenshots("phone"),
            ["viewport"] = new JsonObject { ["width"] = 390, ["height"] = 844 },
            ["pages"] = DashboardPages.Scenario(seeded),
        });

        Browse.NoErrors(report);
        var pages = report["pages"]!.AsArray().Select(p => p!.AsObject()).ToList();
        Assert.Equal(DashboardPages.Of(seeded).Length, pages.Count);
        var overflowing = pages.Where(p => (int)p["overflow"]! > 0).Select(p => $"{p["name"]} by {p["overflow"]} px ({p["wide"]!.ToJsonString()})").ToList();
        Assert.True(overflowing.Count == 0, $"wider than the phone: {string.Join(", ", overflowing)}");
        Assert.All(pages.Where(p => (string)p["name"]! is "overview" or "job"), p => Assert.True(File.Exists((string)p["screenshot"]!)));
    }
}
