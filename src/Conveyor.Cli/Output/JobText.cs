using System.Globalization;
using Spectre.Console;

namespace Conveyor.Cli.Output;

/// <summary>How jobs read in tables: coloured states, UTC times, shortened messages. Returns Spectre markup.</summary>
internal static class JobText
{
    public static string State(JobState state) => state switch
    {
        JobState.Completed => "[green]completed[/]",
        JobState.Discarded => "[red]discarded[/]",
        JobState.Retryable => "[yellow]retryable[/]",
        JobState.Running => "[blue]running[/]",
        JobState.Cancelled => "[grey]cancelled[/]",
        _ => state.ToWireName(),
    };

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + "Z" : "-";

    public static string Shorten(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
