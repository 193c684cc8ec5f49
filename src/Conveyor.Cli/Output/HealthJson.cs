using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conveyor.Cli.Output;

/// <summary>A health report as JSON: the overall status, and each check's status, description and findings.</summary>
internal static class HealthJson
{
    public static JsonObject Write(HealthReport report) => new()
    {
        ["status"] = Name(report.Status),
        ["checks"] = new JsonArray([.. report.Entries.Select(e => (JsonNode)new JsonObject
        {
            ["name"] = e.Key,
            ["status"] = Name(e.Value.Status),
            ["description"] = e.Value.Description,
            ["findings"] = new JsonObject(e.Value.Data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)JsonValue.Create(d.Value?.ToString())))),
        })]),
    };

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();
}
