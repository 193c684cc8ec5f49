using System.CommandLine;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor recurring list|add|trigger|pause|resume|remove</c>: the recurring schedules every node shares.</summary>
internal static class RecurringCommand
{
    public static Command Create(CliContext cli, Option<string> store) =>
        new("recurring", "List, add or change, trigger, pause, resume and remove recurring (cron) schedules.")
        {
            RecurringListCommand.Create(cli, store),
            RecurringAddCommand.Create(cli, store),
            RecurringTriggerCommand.Create(cli, store),
            RecurringPauseCommand.Pause(cli, store),
            RecurringPauseCommand.Resume(cli, store),
            RecurringPauseCommand.Remove(cli, store),
        };
}
