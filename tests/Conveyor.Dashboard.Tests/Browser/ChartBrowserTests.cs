using System.Text.Json.Nodes;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Tests.Browser;

[Collection("Browser")]
public sealed class ChartBrowserTests
{
    private const int Minutes = 30;

    /// <summary>The minutes the overview charts: processed and failed are 0, not missing, in a minute without statistics.</summary>
    private const int OverviewMinutes = 60;

    [Fact]
    public async Task OverviewCharts_DrawAPointPerStoredMinute_WhenHalfAnHourOfStatisticsIsRecorded()
    {
        await using var store = await TestStore.CreateAsync();
        var now = TimeProvider.System.GetUtcNow();
        await Seeded.IntoAsync(store);
        await store.Stats.RecordStatsAsync(new RecordStatsRequest { Minutes = [.. History(now, "default"), .. History(now, "emails")] }, CancellationToken.None);
        await using var server = await DashboardServer.StartAsync(store);

        var report = await Browse.RunAsync(new JsonObject
        {
            ["scenario"] = "charts",
            ["base"] = server.Root.ToString(),
            ["out"] = Browse.Screenshots("charts"),
        });

        Browse.NoErrors(report);
        var points = report["points"]!.AsObject().ToDictionary(p => p.Key, p => (int)p.Value!);
        Assert.Equal(2 * Minutes + 1, points["chart-depth"]);
        Assert.Equal(2 * OverviewMinutes, points["chart-throughput"]);
        Assert.Equal(Minutes + 1, points["chart-error-rate"]);
        Assert.Equal(3 * (Minutes + 1), points["chart-latency"]);
        Assert.Equal(1, points["chart-utilisation"]);
    }

    /// <summary>A minute of statistics for each of the <see cref="Minutes"/> minutes before <paramref name="now"/>'s, varying.</summary>
    private static IEnumerable<QueueMinute> History(DateTimeOffset now, string queue) => Enumerable.Range(1, Minutes).Select(i =>
    {
        var minute = Seeded.Minute(now.AddMinutes(-i));
        var processed = 40 + (i * 7 % 25) + queue.Length;
        var durations = new long[DurationBuckets.Count];
        durations[DurationBuckets.IndexOf(TimeSpan.FromMilliseconds(5))] = processed - 3 - (i % 3);
        durations[DurationBuckets.IndexOf(TimeSpan.FromMilliseconds(250))] = 3 + (i % 3);
        return minute with { Queue = queue, Processed = processed, Failed = i % 5, Durations = durations, Depth = 4 + (i * 3 % 11) + queue.Length };
    });
}
