using System.Text.Json.Nodes;
using Conveyor.Recurring;
using Conveyor.Storage;

namespace Conveyor.Cli.Output;

/// <summary>A stored schedule as the CLI shows it, with its next tick worked out from its cursor (or now), and its recorded runs.</summary>
internal static class ScheduleJson
{
    /// <summary>The next tick after the cursor (or <paramref name="now"/> when there is none), or why there is none.</summary>
    public static (DateTimeOffset? Next, string? Problem) NextTick(StoredSchedule schedule, DateTimeOffset now)
    {
        try
        {
            var cron = CronSchedule.Parse(schedule.Definition.Cron, schedule.Definition.TimeZone);
            var after = schedule.Cursor is { } cursor && cursor > now ? cursor : now;
            return (cron.Next(after), null);
        }
        catch (FormatException ex)
        {
            return (null, ex.Message);
        }
    }

    public static JsonObject Write(StoredSchedule schedule, DateTimeOffset now)
    {
        var definition = schedule.Definition;
        var (next, problem) = NextTick(schedule, now);
        return new JsonObject
        {
            ["name"] = definition.Name,
            ["kind"] = definition.Kind,
            ["queue"] = definition.Queue,
            ["cron"] = definition.Cron,
            ["timeZone"] = definition.TimeZone,
            ["misfire"] = definition.Misfire.ToWireName(),
            ["paused"] = schedule.Paused,
            ["nextTick"] = schedule.Paused ? null : Json.Time(next),
            ["lastTick"] = Json.Time(schedule.Cursor),
            ["lastRun"] = schedule.LastRun is { } run
                ? new JsonObject { ["tick"] = Json.Time(run.Tick), ["state"] = run.State.ToWireName(), ["finishedAt"] = Json.Time(run.FinishedAt) }
                : null,
            ["lastSucceededTick"] = Json.Time(schedule.LastSucceededTick),
            ["problem"] = problem,
            ["maxAttempts"] = definition.MaxAttempts,
            ["priority"] = definition.Priority,
            ["args"] = Json.Args(definition.Args),
        };
    }
}
