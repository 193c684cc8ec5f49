using System.CommandLine;
using System.Globalization;
using Conveyor.Cli.Output;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor recurring list</c>: every schedule with its expression, state, next tick, last run and last success.</summary>
internal static class RecurringListCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var json = new Option<bool>("--json") { Description = "Print {\"schedules\": [ … ]}, see docs/cli.md." };
        var command = new Command("list", "Every recurring schedule, by name.") { json };
        command.SetAction(async (result, ct) =>
        {
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var schedules = (await session.Schedules.ListSchedulesAsync(new ListSchedulesRequest(), ct)).Schedules;
            var now = TimeProvider.System.GetUtcNow();
            ListOutput.Write(cli, result.GetValue(json), "schedules", schedules, s => ScheduleJson.Write(s, now), "No recurring schedules.", rows => Render(cli, rows, now));
            return 0;
        });
        return command;
    }

    private static void Render(CliContext cli, IReadOnlyList<StoredSchedule> schedules, DateTimeOffset now)
    {
        var table = new Table().AddColumns("name", "kind", "queue", "cron", "time zone", "misfire", "state", "next tick (UTC)", "last run (UTC)", "last success (UTC)");
        foreach (var schedule in schedules)
        {
            var definition = schedule.Definition;
            var (next, problem) = ScheduleJson.NextTick(schedule, now);
            var state = problem is not null ? "[red]invalid[/]" : schedule.Paused ? "[yellow]paused[/]" : "[green]active[/]";
            var nextText = problem ?? (schedule.Paused ? "-" : next?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "never");
            table.AddRow(
                Markup.Escape(definition.Name),
                Markup.Escape(definition.Kind),
                Markup.Escape(definition.Queue),
                Markup.Escape(definition.Cron),
                Markup.Escape(definition.TimeZone),
                definition.Misfire.ToWireName(),
                state,
                Markup.Escape(nextText),
                schedule.LastRun is { } run ? $"{Utc(run.Tick)} {StateMarkup(run.State)}" : "-",
                schedule.LastSucceededTick is { } succeeded ? Utc(succeeded) : "-");
        }

        cli.Out.Write(table);
    }

    private static string Utc(DateTimeOffset tick) => tick.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string StateMarkup(JobState state) => state == JobState.Completed ? "[green]completed[/]" : $"[red]{state.ToWireName()}[/]";
}
