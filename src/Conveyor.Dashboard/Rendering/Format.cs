using System.Globalization;
using System.Text.Json;

namespace Conveyor.Dashboard.Rendering;

/// <summary>How values read on the pages: UTC times, ages, state badges, pretty JSON.</summary>
internal static class Format
{
    // Relaxed escaping shows "<" as itself, not \u003C: the text is HTML-encoded when it is written into the page.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A UTC time to the second, or a dash.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z" : "–";

    /// <summary>A <c>&lt;time&gt;</c> element with the exact time as its title and the age as its text.</summary>
    public static Html Ago(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } t
            ? Html.Of($"""<time datetime="{t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}" title="{Time(t)}">{Span(now - t)}</time>""")
            : Html.Of($"–");

    /// <summary>How long a job due at <paramref name="due"/> has waited by <paramref name="now"/> (<c>12s</c>, <c>3m</c>), or a dash when none waits.</summary>
    public static string Wait(DateTimeOffset? due, DateTimeOffset now) =>
        due is { } d ? Span(now > d ? now - d : TimeSpan.Zero)[..^" ago".Length] : "–";

    /// <summary>A short span: <c>12s ago</c>, <c>in 3m</c>, <c>2h 5m ago</c>.</summary>
    public static string Span(TimeSpan span)
    {
        var past = span >= TimeSpan.Zero;
        var a = span.Duration();
        var text = a.TotalSeconds < 60 ? $"{(int)a.TotalSeconds}s"
            : a.TotalMinutes < 60 ? $"{(int)a.TotalMinutes}m"
            : a.TotalHours < 48 ? $"{(int)a.TotalHours}h {a.Minutes}m"
            : $"{(int)a.TotalDays}d {a.Hours}h";
        return past ? $"{text} ago" : $"in {text}";
    }

    /// <summary>A span without direction: <c>12s</c>, <c>2h 5m</c>.</summary>
    public static string Duration(TimeSpan span) => Span(span.Duration())[..^" ago".Length];

    /// <summary>A coloured badge of a state.</summary>
    public static Html Badge(JobState state) => Html.Of($"""<span class="badge state-{state.ToWireName()}">{state.ToWireName()}</span>""");

    /// <summary>A number with thousands separators.</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>JSON indented for reading, or the bytes as text when they are not JSON.</summary>
    public static string PrettyJson(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return System.Text.Encoding.UTF8.GetString(json.Span);
        }
    }
}
