using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.Harness;

/// <summary>
/// Everything a run left behind for the <see cref="Checker"/>: the producers' enqueue records, the workers' ledgers,
/// the faults injected, and the store's final view of the jobs (used only to cross-check, never to decide what ran).
/// </summary>
public sealed record ChaosHistory
{
    /// <summary>Every enqueue the producers asked for.</summary>
    public required IReadOnlyList<Enqueue> Enqueues { get; init; }

    /// <summary>Every line of every worker's ledger.</summary>
    public required IReadOnlyList<LedgerEvent> Events { get; init; }

    /// <summary>The faults, in the order they were injected.</summary>
    public required IReadOnlyList<FaultEvent> Faults { get; init; }

    /// <summary>The store's jobs at the end, by id.</summary>
    public required IReadOnlyDictionary<long, JobRecord> Jobs { get; init; }

    /// <summary>Acknowledged jobs that are not meant to complete (poison and crashing jobs), left out of <c>lost</c>.</summary>
    public IReadOnlySet<long> NotMeantToComplete { get; init; } = new HashSet<long>();
}
