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

    /// <summary>The job's state, or that it is a callback held until its batch finishes.</summary>
    public static string State(JobRecord job) => BatchJobs.IsHeld(job) ? "[grey]held for its batch[/]" : State(job.State);

    /// <summary>When the job is due, or that it waits for its batch.</summary>
    public static string Due(JobRecord job) => BatchJobs.IsHeld(job) ? "when its batch has finished" : Time(job.ScheduledAt);

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + "Z" : "-";

    /// <summary>A span as a person reads it: <c>4.2 s</c>, <c>12 min 5 s</c>, <c>3 h 20 min</c>, <c>2 d 4 h</c>.</summary>
    public static string Span(TimeSpan span) => span switch
    {
        { TotalSeconds: < 60 } => $"{Math.Max(0, span.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture)} s",
        { TotalHours: < 1 } => $"{span.Minutes} min {span.Seconds} s",
        { TotalDays: < 1 } => $"{span.Hours} h {span.Minutes} min",
        _ => $"{(int)span.TotalDays} d {span.Hours} h",
    };

    public static string Shorten(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
