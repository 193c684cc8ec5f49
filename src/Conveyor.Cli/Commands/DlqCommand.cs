using System.CommandLine;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor dlq list|retry|purge</c>: review the dead-letter queue (discarded jobs), replay it or empty it.</summary>
internal static class DlqCommand
{
    public static Command Create(CliContext cli, Option<string> store) =>
        new("dlq", "The dead-letter queue: discarded jobs, to review, retry or purge.")
        {
            JobsListCommand.DeadLetters(cli, store),
            DlqBulkCommand.Retry(cli, store),
            DlqBulkCommand.Purge(cli, store),
        };
}
