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
        var queues = (await s.Admin.ListQueuesAsync(new ListQueuesRequest(), ct).ConfigureAwait(false)).Queues;
        var counts = (await s.Admin.CountJobsAsync(new CountJobsRequest(), ct).ConfigureAwait(false)).Counts;
        var byName = queues.ToDictionary(q => q.Name, StringComparer.Ordinal);
        var names = queues.Select(q => q.Name).Concat(counts.Select(c => c.Queue)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var now = s.Time.GetUtcNow();
        var list = new JsonArray();
        foreach (var name in names)
        {
            var byState = new JsonObject();
            foreach (var state in JobStates.All)
            {
                byState[state.ToWireName()] = counts.Where(c => c.Queue == name && c.State == state).Sum(c => c.Count);
            }

            var due = byName.GetValueOrDefault(name)?.NextDueAt;
            list.Add(new JsonObject
            {
                ["name"] = name,
                ["paused"] = byName.GetValueOrDefault(name)?.Paused ?? false,
                ["latencySeconds"] = due is { } d && now > d ? Math.Round((now - d).TotalSeconds, 3) : 0,
                ["waiting"] = Format.Wait(due, now),
                ["counts"] = byState,
            });
        }

        return new JsonObject { ["queues"] = list };
    }
}
