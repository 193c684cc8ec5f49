using System.CommandLine;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor jobs list|show|retry|cancel</c>: find, read and repair jobs.</summary>
internal static class JobsCommand
{
    public static Command Create(CliContext cli, Option<string> store) =>
        new("jobs", "List, show, retry and cancel jobs.")
        {
            JobsListCommand.Create(cli, store),
            JobsShowCommand.Create(cli, store),
            JobsActionCommand.Retry(cli, store),
            JobsActionCommand.Cancel(cli, store),
        };
}
