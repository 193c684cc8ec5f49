using System.CommandLine;
using System.Text.Json.Nodes;
using Conveyor.Cli.Output;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor recurring pause|resume|remove NAME</c>: one action on one schedule by name.</summary>
internal static class RecurringPauseCommand
{
    public static Command Pause(CliContext cli, Option<string> store) => Create(
        cli,
        store,
        "pause",
        "Stop enqueueing a schedule's ticks, on every node, until it is resumed.",
        "paused",
        (schedules, name, ct) => schedules.SetSchedulePausedAsync(new SetSchedulePausedRequest { Name = name, Paused = true }, ct));

    public static Command Resume(CliContext cli, Option<string> store) => Create(
        cli,
        store,
        "resume",
        "Enqueue a paused schedule's ticks again, from its next tick (the ticks that passed while it was paused are skipped).",
        "resumed",
        (schedules, name, ct) => schedules.SetSchedulePausedAsync(new SetSchedulePausedRequest { Name = name, Paused = false }, ct));

    public static Command Remove(CliContext cli, Option<string> store) => Create(
        cli,
        store,
        "remove",
        "Delete a schedule (the jobs it enqueued stay). A schedule registered in code comes back when a node starts.",
        "removed",
        (schedules, name, ct) => schedules.DeleteScheduleAsync(new DeleteScheduleRequest { Name = name }, ct));

    private static Command Create(CliContext cli, Option<string> store, string verb, string description, string pastTense, Func<IScheduleStore, string, CancellationToken, ValueTask<bool>> act)
    {
        var name = new Argument<string>("name") { Description = "The schedule's name." };
        var json = new Option<bool>("--json") { Description = $"Print {{\"name\": s, \"{pastTense}\": true}} instead of a line." };
        var command = new Command(verb, description) { name, json };
        command.SetAction(async (result, ct) =>
        {
            var scheduleName = result.GetRequiredValue(name);
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            if (!await act(session.Schedules, scheduleName, ct))
            {
                cli.WriteError($"no recurring schedule named '{scheduleName}'");
                return 1;
            }

            if (result.GetValue(json))
            {
                Json.Write(cli.OutWriter, new JsonObject { ["name"] = scheduleName, [pastTense] = true });
            }
            else
            {
                cli.Out.WriteLine($"{pastTense} {scheduleName}");
            }

            return 0;
        });
        return command;
    }
}
