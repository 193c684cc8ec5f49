using Spectre.Console;

namespace Conveyor.Cli;

/// <summary>Where a command writes: Spectre consoles for people, the raw writer for JSON, and whether a person is watching.</summary>
internal sealed record CliContext(IAnsiConsole Out, IAnsiConsole Error, TextWriter OutWriter, TextWriter ErrorWriter, bool Interactive)
{
    /// <summary>The process's console; live displays only when stdout is a terminal.</summary>
    public static CliContext ForConsole()
    {
        var interactive = !Console.IsOutputRedirected;
        return new CliContext(
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }),
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }),
            Console.Out,
            Console.Error,
            interactive);
    }

    /// <summary>Plain writers (tests, pipes): no colours, no live display, wide tables.</summary>
    public static CliContext ForWriters(TextWriter output, TextWriter error) =>
        new(Plain(output), Plain(error), output, error, Interactive: false);

    /// <summary>Prints one red error line; a password quoted in it (from a connection string) is masked.</summary>
    public void WriteError(string message) => Error.MarkupLine($"[red]error:[/] {Markup.Escape(ConnectionStringMask.Mask(message))}");

    private static IAnsiConsole Plain(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        return console;
    }
}
