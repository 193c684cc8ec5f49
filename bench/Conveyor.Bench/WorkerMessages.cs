using System.Globalization;

namespace Conveyor.Bench;

/// <summary>
/// The lines a benchmark worker process and the benchmark exchange. The worker writes on its standard output;
/// the benchmark writes <see cref="Go"/> on the worker's standard input to start a drain, and closes that input
/// to stop any worker.
/// </summary>
internal static class WorkerMessages
{
    /// <summary>The worker is built (drain) or running idle (latency).</summary>
    public const string Ready = "ready";

    /// <summary>The benchmark's word to start draining.</summary>
    public const string Go = "go";

    /// <summary><c>ran COUNT</c>: jobs the drain worker has run so far.</summary>
    public const string Ran = "ran";

    /// <summary><c>latency MS</c>: one probe's pickup latency.</summary>
    public const string Latency = "latency";

    /// <summary><c>drained FIRST_STARTED_MICROS PEAK_RSS_MB ID,ID,…</c>: the drain worker's result, one id per execution.</summary>
    public const string Drained = "drained";

    /// <summary>The fields after <paramref name="tag"/> if <paramref name="line"/> is that message, else null.</summary>
    public static string[]? Fields(string? line, string tag) =>
        line is not null && line.StartsWith(tag + " ", StringComparison.Ordinal) ? line[(tag.Length + 1)..].Split(' ') : null;

    /// <summary>Formats a number as the messages carry it.</summary>
    public static string Text(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Reads a number a message carries.</summary>
    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}

/// <summary>Writes worker messages, one whole line at a time, from any thread.</summary>
internal sealed class MessageWriter(TextWriter output)
{
    private readonly Lock _gate = new();

    public void Write(string tag, params string[] fields)
    {
        lock (_gate)
        {
            output.WriteLine(fields.Length == 0 ? tag : $"{tag} {string.Join(' ', fields)}");
            output.Flush();
        }
    }
}
