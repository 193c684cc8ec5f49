using System.Text.Json.Nodes;

namespace Conveyor.Cli.Output;

/// <summary>Jobs as the CLI's documented JSON (docs/cli.md): a summary per listed job, everything for one shown job.</summary>
internal static class JobJson
{
    public static JsonObject Summary(JobRecord job) => new()
    {
        ["id"] = job.Id,
        ["kind"] = job.Kind,
        ["queue"] = job.Queue,
        ["state"] = job.State.ToWireName(),
        ["attempt"] = job.Attempt,
        ["maxAttempts"] = job.MaxAttempts,
        ["priority"] = job.Priority,
        ["createdAt"] = Json.Time(job.CreatedAt),
        ["scheduledAt"] = Json.Time(job.ScheduledAt),
        ["heldForBatch"] = BatchJobs.IsHeld(job),
        ["orderingKey"] = job.OrderingKey,
        ["finalizedAt"] = Json.Time(job.FinalizedAt),
        ["lastError"] = job.Errors.Count > 0 ? job.Errors[^1].Message : null,
    };

    public static JsonObject Detail(JobRecord job)
    {
        var json = Summary(job);
        json.Remove("lastError");
        json["attemptedAt"] = Json.Time(job.AttemptedAt);
        json["leaseOwner"] = job.LeaseOwner;
        json["leaseExpiresAt"] = Json.Time(job.LeaseExpiresAt);
        json["uniqueKey"] = job.UniqueKey;
        json["cancelRequestedAt"] = Json.Time(job.CancelRequestedAt);
        json["tags"] = new JsonArray([.. job.Tags.Select(t => (JsonNode?)JsonValue.Create(t))]);
        json["args"] = Json.Args(job.Args);
        json["progress"] = job.Progress is { } progress
            ? new JsonObject { ["percent"] = progress.Percent, ["message"] = progress.Message, ["at"] = Json.Time(progress.At) }
            : null;
        json["result"] = job.Result is { } result ? Json.Args(result) : null;
        json["errors"] = new JsonArray([.. job.Errors.Select(Error)]);
        return json;
    }

    private static JsonNode Error(AttemptError error) => new JsonObject
    {
        ["at"] = Json.Time(error.At),
        ["attempt"] = error.Attempt,
        ["type"] = error.ExceptionType,
        ["message"] = error.Message,
        ["worker"] = error.Worker,
        ["durationMs"] = error.DurationMs,
        ["stackTrace"] = error.StackTrace,
    };
}
