using System.CommandLine;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor jobs list|show|retry|cancel|delete</c>: find, read and repair jobs.</summary>
internal static class JobsCommand
{
    public static Command Create(CliContext cli, Option<string> store) =>
        new("jobs", "List, show, retry, cancel and delete jobs.")
        {
            JobsListCommand.Create(cli, store),
            JobsShowCommand.Create(cli, store),
            JobsActionCommand.Retry(cli, store),
            JobsActionCommand.Cancel(cli, store),
            JobsActionCommand.Delete(cli, store),
        };
}
