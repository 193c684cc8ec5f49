using System.Globalization;

namespace Conveyor.Testing.Processes;

/// <summary>What an <see cref="EventLedger"/> line says happened.</summary>
public enum LedgerEventKind
{
    /// <summary>An attempt started, before any side effect.</summary>
    Exec,

    /// <summary>The attempt's side effect was offered to the side-effect table (<see cref="LedgerEvent.Applied"/>: whether it took).</summary>
    Effect,

    /// <summary>The attempt's handler returned, after its side effect.</summary>
    Done,

    /// <summary>
    /// The attempt's handler stopped without its side effect: its token fired (a lost or no longer sure lease, a
    /// shutdown) or the lease check before the effect refused.
    /// </summary>
    Stop,
}

/// <summary>
/// One line of a worker's <see cref="EventLedger"/>: <c>kind,job,attempt,pid,unixMs[,applied]</c>. Written by the worker
/// outside any fault, read back by the fault suite's checker.
/// </summary>
public readonly record struct LedgerEvent(LedgerEventKind Kind, long JobId, int Attempt, int Pid, long UnixMs, bool Applied = false)
{
    /// <summary>When it happened, by the worker's wall clock.</summary>
    public DateTimeOffset At => DateTimeOffset.FromUnixTimeMilliseconds(UnixMs);

    /// <summary>The line the ledger writes.</summary>
    public string Format() => Kind == LedgerEventKind.Effect
        ? string.Create(CultureInfo.InvariantCulture, $"effect,{JobId},{Attempt},{Pid},{UnixMs},{(Applied ? 1 : 0)}")
        : string.Create(CultureInfo.InvariantCulture, $"{Name(Kind)},{JobId},{Attempt},{Pid},{UnixMs}");

    private static string Name(LedgerEventKind kind) => kind switch
    {
        LedgerEventKind.Exec => "exec",
        LedgerEventKind.Stop => "stop",
        _ => "done",
    };

    /// <summary>
    /// The events in a ledger file. Each line is flushed before the worker goes on, so only a killed worker's (or a
    /// running one's) last line can be cut short, and only then (<paramref name="lastLineMayBeCut"/>) is it dropped.
    /// </summary>
    public static List<LedgerEvent> Read(string path, bool lastLineMayBeCut)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var lines = reader.ReadToEnd().Split('\n');
        if (!lastLineMayBeCut && lines[^1].Length != 0)
        {
            throw new InvalidDataException($"Ledger {path} ends with a partial line, but its worker exited cleanly.");
        }

        return [.. lines[..^1].Select(Parse)];
    }

    private static LedgerEvent Parse(string line)
    {
        var parts = line.Split(',');
        var kind = parts[0] switch
        {
            "exec" => LedgerEventKind.Exec,
            "effect" => LedgerEventKind.Effect,
            "done" => LedgerEventKind.Done,
            "stop" => LedgerEventKind.Stop,
            _ => throw new InvalidDataException($"Not a ledger line: '{line}'."),
        };
        return new LedgerEvent(
            kind,
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture),
            int.Parse(parts[3], CultureInfo.InvariantCulture),
            long.Parse(parts[4], CultureInfo.InvariantCulture),
            kind == LedgerEventKind.Effect && parts[5] == "1");
    }
}
