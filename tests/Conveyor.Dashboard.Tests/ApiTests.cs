using System.Net;
using System.Text.Json;
using Conveyor.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Dashboard.Tests;

public sealed class ApiTests
{
    [Fact]
    public async Task Overview_ReturnsTheSeededCountsSeriesAndWorkers_WhenTheStoreHasThem()
    {
        await using var store = await TestStore.CreateAsync();
        await Seeded.IntoAsync(store);
        var minute = QueueMinute.StartOf(TimeProvider.System.GetUtcNow()).ToUnixTimeSeconds();
        await using var server = await DashboardServer.StartAsync(store);

        using var json = JsonDocument.Parse(await server.GetStringAsync("api/overview"));

        var root = json.RootElement;
        foreach (var state in JobStates.All)
        {
            Assert.Equal(1, root.GetProperty("counts").GetProperty(state.ToWireName()).GetInt64());
        }

        var workers = root.GetProperty("workers");
        Assert.Equal((1, 0, 1, 4, 0.25), (workers.GetProperty("alive").GetInt32(), workers.GetProperty("dead").GetInt32(), workers.GetProperty("busy").GetInt32(), workers.GetProperty("slots").GetInt32(), workers.GetProperty("utilisation").GetDouble()));
        var series = root.GetProperty("series");
        var minutes = series.GetProperty("minutes").EnumerateArray().Select(m => m.GetInt64()).ToList();
        Assert.Equal(60, minutes.Count);
        var i = minutes.IndexOf(minute);
        Assert.True(i >= 0, "the seeded minute is in the last hour");
        Assert.Equal(10, series.GetProperty("processed")[i].GetInt64());
        Assert.Equal(2, series.GetProperty("failed")[i].GetInt64());
        Assert.Equal(0.2, series.GetProperty("errorRate")[i].GetDouble());
        Assert.Equal((5, 250, 250), (series.GetProperty("p50")[i].GetDouble(), series.GetProperty("p95")[i].GetDouble(), series.GetProperty("p99")[i].GetDouble()));
        Assert.Equal(3, series.GetProperty("depth").GetProperty("default")[i].GetInt64());
        Assert.Equal(JsonValueKind.Null, series.GetProperty("errorRate")[i == 0 ? 1 : 0].ValueKind);
    }

    [Fact]
    public async Task Queues_ReturnsCountsPerStateAndThePausedFlag_ForEachQueue()
    {
        await using var store = await TestStore.CreateAsync();
        await Seeded.IntoAsync(store);
        await store.Admin.SetQueuePausedAsync(new Storage.SetQueuePausedRequest { Queue = "flaky", Paused = true }, CancellationToken.None);
        await using var server = await DashboardServer.StartAsync(store);

        using var json = JsonDocument.Parse(await server.GetStringAsync("api/queues"));

        var queues = json.RootElement.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!);
        Assert.Equal(["busy", "dead", "default", "done", "flaky"], queues.Keys);
        Assert.True(queues["flaky"].GetProperty("paused").GetBoolean());
        Assert.Equal(1, queues["flaky"].GetProperty("counts").GetProperty("retryable").GetInt64());
        Assert.Equal((1, 1, 1), (queues["default"].GetProperty("counts").GetProperty("available").GetInt64(), queues["default"].GetProperty("counts").GetProperty("scheduled").GetInt64(), queues["default"].GetProperty("counts").GetProperty("cancelled").GetInt64()));
        Assert.InRange(queues["default"].GetProperty("latencySeconds").GetDouble(), double.Epsilon, 60);
        Assert.EndsWith("s", queues["default"].GetProperty("waiting").GetString(), StringComparison.Ordinal);
        Assert.Equal((0, "–"), (queues["done"].GetProperty("latencySeconds").GetDouble(), queues["done"].GetProperty("waiting").GetString()));
    }

    [Fact]
    public async Task Metrics_ServesTheConveyorMeterInPrometheusText_WhenTheAppHasOne()
    {
        await using var store = await TestStore.CreateAsync();
        await using var server = await DashboardServer.StartAsync(store, services: s => s.AddSingleton(store.Metrics));
        await store.Client.EnqueueRawAsync("echo", Seeded.Args("{}"), null, CancellationToken.None);

        using var response = await server.Http.GetAsync(new Uri("metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PrometheusText.ContentType, response.Content.Headers.ContentType?.ToString().Replace(" ", "", StringComparison.Ordinal).Replace(";", "; ", StringComparison.Ordinal));
        Assert.Contains("conveyor_jobs_enqueued_total{kind=\"echo\",queue=\"default\"} 1\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_AreServedWithALongCache_AndAnOldHashIsNotFound()
    {
        await using var store = await TestStore.CreateAsync();
        await using var server = await DashboardServer.StartAsync(store);
        var overview = await server.GetStringAsync("");
        var uplot = System.Text.RegularExpressions.Regex.Match(overview, "src=\"/conveyor/(assets/[0-9a-f]{12}/vendor/uplot/uPlot.iife.min.js)\"").Groups[1].Value;

        using var response = await server.Http.GetAsync(new Uri(uplot, UriKind.Relative));
        using var stale = await server.Http.GetAsync(new Uri("assets/000000000000/vendor/uplot/uPlot.iife.min.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.StartsWith("text/javascript", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("uPlot", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, stale.StatusCode);
    }
}
