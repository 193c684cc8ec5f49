using System.CommandLine;
using System.Text.Json.Nodes;
using Conveyor.Cli.Output;
using System.Globalization;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor recurring trigger NAME</c>: enqueues the schedule's job now, outside its ticks; prints the job's id.</summary>
internal static class RecurringTriggerCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var name = new Argument<string>("name") { Description = "The schedule's name." };
        var json = new Option<bool>("--json") { Description = "Print {\"name\": s, \"id\": n} instead of the bare id." };
        var command = new Command("trigger", "Enqueue a schedule's job now, as its ticks do (its ticks go on as before); prints the job's id.") { name, json };
        command.SetAction(async (result, ct) =>
        {
            var scheduleName = result.GetRequiredValue(name);
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var schedules = (await session.Schedules.ListSchedulesAsync(new ListSchedulesRequest(), ct)).Schedules;
            if (schedules.FirstOrDefault(s => s.Definition.Name == scheduleName)?.Definition is not { } definition)
            {
                cli.WriteError($"no recurring schedule named '{scheduleName}'");
                return 1;
            }

            var options = new EnqueueOptions
            {
                Queue = definition.Queue,
                Priority = definition.Priority,
                MaxAttempts = definition.MaxAttempts,
                Tags = [$"recurring:{definition.Name}"],
            };
            var id = await session.Client.EnqueueRawAsync(definition.Kind, definition.Args, options, ct);
            if (result.GetValue(json))
            {
                Json.Write(cli.OutWriter, new JsonObject { ["name"] = scheduleName, ["id"] = id });
            }
            else
            {
                cli.Out.WriteLine(id.ToString(CultureInfo.InvariantCulture));
            }

            return 0;
        });
        return command;
    }
}
