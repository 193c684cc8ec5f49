using System.Text.Json.Nodes;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Tests.Browser;

[Collection("Browser")]
public sealed class ChartBrowserTests
{
    [Fact]
    public async Task OverviewCharts_DrawThePointsOfTheStoredMinutes_WhenThreeMinutesAreRecorded()
    {
        await using var store = await TestStore.CreateAsync();
        await Seeded.IntoAsync(store);
        var now = TimeProvider.System.GetUtcNow();
        await store.Stats.RecordStatsAsync(new RecordStatsRequest { Minutes = [Seeded.Minute(now.AddMinutes(-1)), Seeded.Minute(now.AddMinutes(-2))] }, CancellationToken.None);
        await using var server = await DashboardServer.StartAsync(store);

        var report = await Browse.RunAsync(new JsonObject
        {
            ["scenario"] = "charts",
            ["base"] = server.Root.ToString(),
            ["out"] = Browse.Screenshots("charts"),
        });

        Browse.NoErrors(report);
        var points = report["points"]!.AsObject().ToDictionary(p => p.Key, p => (int)p.Value!);
        Assert.Equal(3, points["chart-depth"]);
        Assert.Equal(2 * OverviewMinutes, points["chart-throughput"]);
        Assert.Equal(3, points["chart-error-rate"]);
        Assert.Equal(3 * 3, points["chart-latency"]);
        Assert.True(points["chart-utilisation"] > 0, "the utilisation chart has its first sample");
    }

    /// <summary>The minutes the overview charts: processed and failed are 0, not missing, in a minute without statistics.</summary>
    private const int OverviewMinutes = 60;
}
