using Conveyor.Testing.Processes;

namespace Conveyor.Postgres.Tests.Processes;

/// <summary>
/// The settings a test gives a Conveyor.Postgres.TestWorker process (its WorkerSettings); unset ones keep the
/// worker's defaults (8 slots, 2 s leases, rescue every 0.5 s, 3 s leadership, no hold after the effect write).
/// </summary>
internal sealed record WorkerOptions(string ConnectionString, string Schema) : IWorkerArguments
{
    public int? Workers { get; init; }

    public TimeSpan? LeaseDuration { get; init; }

    /// <summary>How long the effect job holds its transaction after writing; <see cref="Timeout.InfiniteTimeSpan"/> until killed.</summary>
    public TimeSpan? HoldAfterWrite { get; init; }

    /// <inheritdoc />
    public IEnumerable<string> ToArguments(string ledger) => IWorkerArguments.Named(
        ("ConnectionString", ConnectionString),
        ("Schema", Schema),
        ("Ledger", ledger),
        ("Workers", Workers),
        ("LeaseDuration", LeaseDuration),
        ("HoldAfterWrite", HoldAfterWrite));
}
