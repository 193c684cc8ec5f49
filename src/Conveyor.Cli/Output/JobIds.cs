using System.Globalization;

namespace Conveyor.Cli.Output;

/// <summary>Parses job ids given on the command line, with one clear error for the first bad one.</summary>
internal static class JobIds
{
    public static IReadOnlyList<long> Parse(IEnumerable<string> texts)
    {
        var ids = new List<long>();
        foreach (var text in texts)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                throw new CliException($"'{text}' is not a job id; ids are positive whole numbers, as `conveyor jobs list` shows them.");
            }

            ids.Add(id);
        }

        return ids.Count > 0 ? ids : throw new CliException("Name at least one job id.");
    }
}
