using Conveyor.Testing.Processes;

namespace Conveyor.Redis.Tests.Processes;

/// <summary>
/// The settings a test gives a Conveyor.Redis.TestWorker process (its WorkerSettings); unset ones keep the worker's
/// defaults (the <c>default</c> queue, 8 slots per queue, 2 s leases, rescue every 0.5 s, 3 s leadership).
/// </summary>
internal sealed record RedisWorkerOptions(string Configuration, string Prefix) : IWorkerArguments
{
    /// <summary>The queues worked, comma-separated.</summary>
    public string? Queues { get; init; }

    /// <summary>Concurrent jobs on each queue.</summary>
    public int? Workers { get; init; }

    public TimeSpan? LeaseDuration { get; init; }

    /// <inheritdoc />
    public IEnumerable<string> ToArguments(string ledger) => IWorkerArguments.Named(
        ("Configuration", Configuration),
        ("Prefix", Prefix),
        ("Ledger", ledger),
        ("Queues", Queues),
        ("Workers", Workers),
        ("LeaseDuration", LeaseDuration));
}
