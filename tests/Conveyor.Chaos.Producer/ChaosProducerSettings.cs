using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Producer;

/// <summary>
/// What a fault test tells this producer, as <c>--Name value</c> arguments: which store and namespace, how many calls
/// of how many jobs, and its call record (<see cref="TestWorkerSettings.Ledger"/>).
/// </summary>
public sealed class ChaosProducerSettings : TestWorkerSettings
{
    /// <summary><c>Sqlite</c>, <c>Postgres</c> or <c>Redis</c> (required).</summary>
    public string Store { get; set; } = "";

    /// <summary>The SQLite file, the PostgreSQL connection string or the Redis configuration (required).</summary>
    public string Connection { get; set; } = "";

    /// <summary>The PostgreSQL schema or Redis key prefix (empty for SQLite).</summary>
    public string Namespace { get; set; } = "";

    /// <summary>How many enqueue calls to make; 0 to go on until told to stop.</summary>
    public int Calls { get; set; }

    /// <summary>The most jobs one call enqueues; each call takes between 1 and this many, at random.</summary>
    public int Batch { get; set; } = 1;

    /// <summary>How long each job works, in milliseconds.</summary>
    public int Ms { get; set; }

    /// <summary>The pause between calls, in milliseconds (none by default: calls follow each other at once).</summary>
    public int PauseMs { get; set; }

    /// <inheritdoc />
    protected override IEnumerable<(string Name, string Value)> Required => [(nameof(Store), Store), (nameof(Connection), Connection)];
}
