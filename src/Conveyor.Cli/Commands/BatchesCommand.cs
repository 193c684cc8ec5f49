using System.CommandLine;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor batches list|show</c>: batches and continuations, and how their jobs ended.</summary>
internal static class BatchesCommand
{
    public static Command Create(CliContext cli, Option<string> store) =>
        new("batches", "List batches and continuations, or show one with each of its jobs.")
        {
            BatchesListCommand.Create(cli, store),
            BatchesShowCommand.Create(cli, store),
        };
}
