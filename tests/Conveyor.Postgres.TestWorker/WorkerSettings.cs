using Conveyor.Testing.Processes;

namespace Conveyor.Postgres.TestWorker;

/// <summary>What the test tells this worker (<c>--Name value</c> arguments): where its store is, and the effect job's hold.</summary>
public sealed class WorkerSettings : TestWorkerSettings
{
    /// <summary>The database (required).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The store's schema (required); the effect job writes to <c>effects</c> in it.</summary>
    public string Schema { get; set; } = "";

    /// <summary>
    /// How long the effect job holds its transaction open after its write and ledger line, before it returns and the
    /// completion commits: the window a kill lands in. <see cref="Timeout.InfiniteTimeSpan"/> holds until killed.
    /// </summary>
    public TimeSpan HoldAfterWrite { get; set; } = TimeSpan.Zero;

    /// <inheritdoc />
    protected override IEnumerable<(string Name, string Value)> Required => [(nameof(ConnectionString), ConnectionString), (nameof(Schema), Schema)];
}
