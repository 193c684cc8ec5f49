using System.Text.Json.Nodes;

namespace Conveyor.Cli.Output;

/// <summary>A batch as the CLI's JSON shows it.</summary>
internal static class BatchJson
{
    public static string ConditionName(BatchCondition condition) => condition == BatchCondition.AllSucceeded ? "all-succeeded" : "all-finished";

    public static JsonObject Write(BatchRecord batch)
    {
        var json = new JsonObject
        {
            ["id"] = batch.Id,
            ["callbackJobId"] = batch.CallbackJobId,
            ["condition"] = ConditionName(batch.Condition),
            ["total"] = batch.Total,
            ["createdAt"] = Json.Time(batch.CreatedAt),
            ["closedAt"] = Json.Time(batch.ClosedAt),
            ["counts"] = batch.Counts is { } c
                ? new JsonObject { ["completed"] = c.Completed, ["discarded"] = c.Discarded, ["cancelled"] = c.Cancelled, ["deleted"] = c.Deleted }
                : null,
        };
        if (batch.Jobs.Count > 0)
        {
            json["jobs"] = new JsonArray([.. batch.Jobs.Select(m => (JsonNode)new JsonObject
            {
                ["id"] = m.JobId,
                ["state"] = m.State?.ToWireName() ?? "deleted",
                ["result"] = m.Result is { } result ? Json.Args(result) : null,
            })]);
        }

        return json;
    }
}
