using Conveyor.Testing.Processes;

namespace Conveyor.Redis.TestWorker;

/// <summary>
/// What the test tells this worker, as <c>--Name value</c> arguments or <c>CONVEYOR_REDIS_WORKER_Name</c> environment
/// variables (the arguments win): where its store is, and which queues it works.
/// </summary>
public sealed class WorkerSettings : TestWorkerSettings
{
    /// <summary>The StackExchange.Redis configuration: one server, or a cluster's endpoints (required; by default <c>CONVEYOR_TEST_REDIS</c>).</summary>
    public string Configuration { get; set; } = Environment.GetEnvironmentVariable("CONVEYOR_TEST_REDIS") ?? "";

    /// <summary>The store's key prefix, the test's own (required).</summary>
    public string Prefix { get; set; } = "";

    /// <summary>The queues worked, comma-separated, each with <see cref="TestWorkerSettings.Workers"/> slots.</summary>
    public string Queues { get; set; } = "default";

    /// <summary>Whether the store refuses a server without AOF (<see cref="RedisStoreOptions.RequireDurability"/>).</summary>
    public bool RequireDurability { get; set; }

    /// <summary>The queue names in <see cref="Queues"/>.</summary>
    public IReadOnlyList<string> QueueNames => Queues.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <inheritdoc />
    protected override IEnumerable<(string Name, string Value)> Required =>
        [(nameof(Configuration), Configuration), (nameof(Prefix), Prefix), (nameof(Queues), Queues)];
}
