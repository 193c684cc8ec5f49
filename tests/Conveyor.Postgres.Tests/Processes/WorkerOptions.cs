using System.Globalization;

namespace Conveyor.Postgres.Tests.Processes;

/// <summary>
/// The settings a test gives a Conveyor.Postgres.TestWorker process (its WorkerSettings); unset ones keep the
/// worker's defaults (8 slots, 2 s leases, rescue every 0.5 s, 3 s leadership, no hold after the effect write).
/// </summary>
internal sealed record WorkerOptions(string ConnectionString, string Schema)
{
    public int? Workers { get; init; }

    public TimeSpan? LeaseDuration { get; init; }

    /// <summary>How long the effect job holds its transaction after writing; <see cref="Timeout.InfiniteTimeSpan"/> until killed.</summary>
    public TimeSpan? HoldAfterWrite { get; init; }

    /// <summary>The command-line arguments, with this worker's <paramref name="ledger"/>.</summary>
    public IEnumerable<string> ToArguments(string ledger)
    {
        IEnumerable<(string Name, string? Value)> settings =
        [
            ("ConnectionString", ConnectionString),
            ("Schema", Schema),
            ("Ledger", ledger),
            ("Workers", Workers?.ToString(CultureInfo.InvariantCulture)),
            ("LeaseDuration", LeaseDuration?.ToString("c", CultureInfo.InvariantCulture)),
            ("HoldAfterWrite", HoldAfterWrite?.ToString("c", CultureInfo.InvariantCulture)),
        ];
        return settings.Where(s => s.Value is not null).SelectMany(s => new[] { $"--{s.Name}", s.Value! });
    }
}
