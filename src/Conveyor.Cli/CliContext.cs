using Spectre.Console;

namespace Conveyor.Cli;

/// <summary>Where a command writes: Spectre consoles for people, the raw writer for JSON, and whether a person is watching.</summary>
internal sealed record CliContext(IAnsiConsole Out, IAnsiConsole Error, TextWriter OutWriter, TextWriter ErrorWriter, bool Interactive)
{
    /// <summary>
    /// The process's console; live displays only when stdout is a terminal. A redirected stream (a pipe, a CI log) gets
    /// plain, wide output, so an error stays one line and a table is not cut at 80 columns.
    /// </summary>
    public static CliContext ForConsole() => new(
        Console.IsOutputRedirected ? Plain(Console.Out) : Terminal(Console.Out),
        Console.IsErrorRedirected ? Plain(Console.Error) : Terminal(Console.Error),
        Console.Out,
        Console.Error,
        Interactive: !Console.IsOutputRedirected);

    /// <summary>Plain writers (tests, pipes): no colours, no live display, wide tables.</summary>
    public static CliContext ForWriters(TextWriter output, TextWriter error) =>
        new(Plain(output), Plain(error), output, error, Interactive: false);

    /// <summary>
    /// Prints one red error line, never wrapped (the console would break a long one at its width); a password quoted
    /// in it (from a connection string) is masked.
    /// </summary>
    public void WriteError(string message)
    {
        Error.Markup("[red]error:[/] ");
        ErrorWriter.WriteLine(ConnectionStringMask.Mask(message));
    }

    private static IAnsiConsole Terminal(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });

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
