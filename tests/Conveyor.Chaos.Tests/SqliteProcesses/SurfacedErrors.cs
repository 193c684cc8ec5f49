using Conveyor.Chaos.Tests.Harness;
using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.SqliteProcesses;

/// <summary>
/// The errors a run's processes surfaced: every error the producers' callers saw and every error line the workers
/// logged, and among them those of SQLite's lock (<c>SQLITE_BUSY</c>/<c>SQLITE_LOCKED</c>, "database is locked"), which
/// the store must absorb by waiting, never pass on.
/// </summary>
public sealed record SurfacedErrors(IReadOnlyList<string> Callers, IReadOnlyList<string> Workers)
{
    private static readonly string[] LockSigns = ["database is locked", "database table is locked", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLite Error 5:", "SQLite Error 6:"];

    /// <summary>The errors of <paramref name="producers"/>' calls and <paramref name="workers"/>' error log lines (<c>fail:</c>).</summary>
    public static SurfacedErrors Of(ProducerFleet producers, WorkerFleet workers)
    {
        ArgumentNullException.ThrowIfNull(producers);
        ArgumentNullException.ThrowIfNull(workers);
        return new SurfacedErrors(
            [.. producers.Calls().Where(c => c.Call.Error is not null).Select(c => c.Call.Error!)],
            [.. workers.Workers.SelectMany(w => w.OutputLines()).Where(line => line.StartsWith("fail:", StringComparison.Ordinal))]);
    }

    /// <summary>Of all of them, those that are SQLite's lock passed on.</summary>
    public List<string> Busy => [.. Callers.Concat(Workers).Where(line => LockSigns.Any(sign => line.Contains(sign, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Up to ten of them, for a failure message.</summary>
    public override string ToString() => string.Join("\n", Callers.Concat(Workers).Take(10));
}
