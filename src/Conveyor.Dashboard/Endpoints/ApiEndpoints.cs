using System.Text.Json.Nodes;
using Conveyor.Dashboard.Data;
using Conveyor.Dashboard.Rendering;
using Conveyor.Diagnostics;
using Conveyor.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Conveyor.Dashboard.Endpoints;

/// <summary>The JSON the pages' scripts poll, and <c>metrics</c>: this process's <c>Conveyor</c> meter in Prometheus text.</summary>
internal static class ApiEndpoints
{
    public static void Map(RouteGroupBuilder group, DashboardServices s)
    {
        group.MapGet("api/overview", async (HttpContext http, CancellationToken ct) => Json(http, await OverviewData.ReadAsync(s, ct)));
        group.MapGet("api/queues", async (HttpContext http, CancellationToken ct) => Json(http, await QueuesAsync(s, ct)));
        group.MapGet("metrics", (HttpContext http) =>
        {
            if (s.Metrics is null)
            {
                return Results.Text("No Conveyor meter in this process: call services.AddConveyor(…).", statusCode: StatusCodes.Status404NotFound);
            }

            http.Response.Headers.CacheControl = "no-store";
            return Results.Text(s.Metrics.ToString(), PrometheusText.ContentType);
        });
    }

    private static IResult Json(HttpContext http, JsonObject json)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Text(json.ToJsonString(), "application/json; charset=utf-8");
    }

    /// <summary><c>{"queues":[{"name":…,"paused":…,"latencySeconds":n,"waiting":"12s","counts":{"available":n,…}}]}</c>, by name.</summary>
    private static async Task<JsonObject> QueuesAsync(DashboardServices s, CancellationToken ct)
    {
        var now = s.Time.GetUtcNow();
        var list = new JsonArray();
        foreach (var queue in await QueueRow.ReadAsync(s.Admin, ct).ConfigureAwait(false))
        {
            var byState = new JsonObject();
            foreach (var (state, count) in queue.Counts)
            {
                byState[state.ToWireName()] = count;
            }

            list.Add(new JsonObject
            {
                ["name"] = queue.Name,
                ["paused"] = queue.Paused,
                ["latencySeconds"] = queue.NextDueAt is { } d && now > d ? Math.Round((now - d).TotalSeconds, 3) : 0,
                ["waiting"] = Format.Wait(queue.NextDueAt, now),
                ["counts"] = byState,
            });
        }

        return new JsonObject { ["queues"] = list };
    }
}
