using System.Text.Json.Nodes;

namespace Conveyor.Dashboard.Tests.Browser;

/// <summary>Every page of the dashboard over the seeded store, as browse.mjs's <c>pages</c> list, with the heading each shows.</summary>
internal static class DashboardPages
{
    public static (string Name, string Path, string Heading)[] Of(Seeded seeded) =>
    [
        ("overview", "", "Overview"),
        ("queues", "queues", "Queues"),
        ("jobs", "jobs", "Jobs"),
        ("job", $"jobs/{seeded.Discarded}", $"Job {seeded.Discarded}"),
        ("dead-letters", "dead-letters", "Dead letters"),
        ("recurring", "recurring", "Recurring jobs"),
        ("workers", "workers", "Workers"),
        ("health", "health", "Health"),
        ("alerts", "alerts", "Alerts"),
    ];

    public static JsonArray Scenario(Seeded seeded) =>
        new(Of(seeded).Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["path"] = p.Path }).ToArray());
}
