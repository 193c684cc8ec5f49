using System.Globalization;

namespace Conveyor.Cli;

/// <summary>Parses durations written the way people type them: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>, or <c>00:00:30</c>.</summary>
internal static class DurationParser
{
    private static readonly (string Suffix, Func<double, TimeSpan> Make)[] Units =
    [
        ("ms", TimeSpan.FromMilliseconds),
        ("s", TimeSpan.FromSeconds),
        ("m", TimeSpan.FromMinutes),
        ("h", TimeSpan.FromHours),
        ("d", TimeSpan.FromDays),
    ];

    /// <summary>The duration, or a <see cref="CliException"/> naming the option and the accepted forms.</summary>
    public static TimeSpan Parse(string text, string option)
    {
        text = text.Trim();
        foreach (var (suffix, make) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && value >= 0)
            {
                return make(value);
            }
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            return span;
        }

        throw new CliException($"{option}: '{text}' is not a duration; write it like 500ms, 30s, 5m, 2h or 00:00:30.");
    }
}
