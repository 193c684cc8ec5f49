namespace Conveyor.Storage;

/// <summary>What a store can do, declared rather than discovered.</summary>
public sealed record StoreCapabilities
{
    /// <summary>A short name, e.g. <c>sqlite</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Whether <see cref="InsertJobsRequest.Transaction"/> is honoured (transactional enqueue).</summary>
    public bool TransactionalEnqueue { get; init; }

    /// <summary>Whether several processes may share the store.</summary>
    public bool MultiProcess { get; init; }

    /// <summary>Whether the store keeps jobs with an ordering key in line (<see cref="NewJob.OrderingKey"/>).</summary>
    public bool OrderingKeys { get; init; }

    /// <summary>Whether the store has versioned migrations (<see cref="IStoreMigrator"/>).</summary>
    public bool Migrations { get; init; }
}
