using System.Globalization;

namespace Conveyor.Testing.Processes;

/// <summary>One execution of a job, as a worker recorded it in its <see cref="Ledger"/> (<c>jobId,attempt,pid</c>).</summary>
public readonly record struct Execution(long JobId, int Attempt, int Pid)
{
    /// <summary>
    /// The executions in a ledger file. The worker flushes each line before the handler goes on, so only a SIGKILL
    /// or a read while the worker runs can see the last line cut short, and only then
    /// (<paramref name="lastLineMayBeCut"/>) is a partial last line dropped.
    /// </summary>
    public static List<Execution> ReadLedger(string path, bool lastLineMayBeCut)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var lines = reader.ReadToEnd().Split('\n');
        Assert.True(lastLineMayBeCut || lines[^1].Length == 0, $"Ledger {path} ends with a partial line, but its worker exited cleanly.");
        return [.. lines[..^1].Select(Parse)];
    }

    private static Execution Parse(string line)
    {
        var parts = line.Split(',');
        return new Execution(
            long.Parse(parts[0], CultureInfo.InvariantCulture),
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture));
    }
}
