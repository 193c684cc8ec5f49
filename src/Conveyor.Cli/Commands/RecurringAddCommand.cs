using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.Cli.Output;
using Conveyor.Recurring;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor recurring add NAME --kind K --cron C</c>: adds a schedule, or changes the one of that name.</summary>
internal static class RecurringAddCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var name = new Argument<string>("name") { Description = "The schedule's name, e.g. nightly-report." };
        var kind = new Option<string>("--kind") { Description = "The job kind each tick enqueues.", Required = true };
        var cron = new Option<string>("--cron") { Description = "Five fields (minute hour day month weekday), or six with seconds first; or @hourly, @daily, …", Required = true };
        var zone = new Option<string>("--time-zone") { Description = "The IANA time zone the expression is read in (default UTC).", DefaultValueFactory = _ => "UTC" };
        var args = new Option<string>("--args") { Description = "The jobs' arguments as JSON (default {}).", DefaultValueFactory = _ => "{}" };
        var queue = new Option<string>("--queue") { Description = "The queue (default: default).", DefaultValueFactory = _ => QueueNames.Default };
        var misfire = new Option<string>("--misfire") { Description = "Ticks missed while no node ran: run-once (default), run-all or skip.", DefaultValueFactory = _ => "run-once" };
        var maxAttempts = new Option<int>("--max-attempts") { Description = "Attempts per tick's job (default 20).", DefaultValueFactory = _ => RetryPolicy.Default.MaxAttempts };
        var priority = new Option<int>("--priority") { Description = "Lower runs first within the queue (default 0)." };
        var json = new Option<bool>("--json") { Description = "Print {\"name\": s, \"added\": bool} (false: an existing schedule was changed) instead of a line." };
        var command = new Command("add", "Add a recurring schedule, or change the one of that name (its paused state and last tick are kept).")
        {
            name, kind, cron, zone, args, queue, misfire, maxAttempts, priority, json,
        };
        command.SetAction(async (result, ct) =>
        {
            var definition = new ScheduleDefinition
            {
                Name = ScheduleNames.Validate(result.GetRequiredValue(name)),
                Kind = result.GetRequiredValue(kind),
                Queue = QueueNames.Validate(result.GetValue(queue), "--queue"),
                Args = Arguments(result.GetValue(args) ?? "{}"),
                Cron = result.GetRequiredValue(cron),
                TimeZone = result.GetValue(zone) ?? "UTC",
                Misfire = MisfireNames.Parse(result.GetValue(misfire) ?? "run-once"),
                MaxAttempts = result.GetValue(maxAttempts) is var n and >= 1 ? n : throw new CliException("--max-attempts must be at least 1."),
                Priority = result.GetValue(priority),
            };
            try
            {
                CronSchedule.Parse(definition.Cron, definition.TimeZone);
            }
            catch (FormatException ex)
            {
                throw new CliException(ex.Message);
            }

            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Write, ct);
            var existed = (await session.Schedules.ListSchedulesAsync(new ListSchedulesRequest(), ct)).Schedules.Any(s => s.Definition.Name == definition.Name);
            await session.Schedules.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [definition] }, ct);
            if (result.GetValue(json))
            {
                Json.Write(cli.OutWriter, new JsonObject { ["name"] = definition.Name, ["added"] = !existed });
            }
            else
            {
                cli.Out.WriteLine($"{(existed ? "changed" : "added")} {definition.Name}");
            }

            return 0;
        });
        return command;
    }

    private static byte[] Arguments(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        try
        {
            using var _ = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new CliException($"--args is not valid JSON: {ex.Message}");
        }

        var cap = new ConveyorOptions().MaxArgsBytes;
        return bytes.Length <= cap ? bytes : throw new CliException($"--args is {bytes.Length:N0} bytes, over the cap of {cap:N0}. Pass ids, not objects.");
    }
}
