using System.Globalization;

namespace Conveyor.Cli;

/// <summary>Parses <c>--queues high=4,default=2,low=1</c>: queue names and their worker counts.</summary>
internal static class QueueSpecParser
{
    /// <summary>The queues in the order given; a <see cref="CliException"/> for a malformed entry.</summary>
    public static IReadOnlyList<KeyValuePair<string, int>> Parse(string text)
    {
        var queues = new List<KeyValuePair<string, int>>();
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            var workers = 1;
            if (!QueueNames.IsValid(parts[0])
                || (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out workers) || workers < 1)))
            {
                throw new CliException($"--queues: '{entry}' is not QUEUE=WORKERS (for example high=4); queue names use letters, digits, '_', '-' and '.'.");
            }

            queues.Add(new(parts[0], workers));
        }

        return queues.Count > 0 ? queues : throw new CliException("--queues names no queue; write it like high=4,default=2,low=1.");
    }
}
