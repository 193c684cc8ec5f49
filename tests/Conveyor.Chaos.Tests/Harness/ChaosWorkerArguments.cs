using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.Harness;

/// <summary>
/// What a chaos worker process is told: its store namespace, the shared side-effect table, and its timings. The
/// defaults keep the rule of production's defaults (leadership TTL half the lease, so a dead leader's successor is
/// elected before the dead worker's leases run out) at test speed.
/// </summary>
public sealed record ChaosWorkerArguments(ChaosStore Store, string Effects) : IWorkerArguments
{
    /// <summary>How long a lease lasts unless renewed.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>How often each worker looks for expired leases (the sweep).</summary>
    public TimeSpan RescueInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a leadership lasts unless renewed.</summary>
    public TimeSpan LeadershipTtl { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Concurrent jobs per worker.</summary>
    public int Workers { get; init; } = 8;

    /// <summary>How long finished jobs are kept; null keeps Conveyor's defaults.</summary>
    public TimeSpan? Retention { get; init; }

    /// <summary>How often finished jobs past retention are pruned; null keeps Conveyor's default.</summary>
    public TimeSpan? PruneInterval { get; init; }

    /// <summary>A recurring schedule of <c>chaos_work</c> jobs every worker registers, as <c>name|cron</c>; null for none.</summary>
    public string? Recurring { get; init; }

    /// <summary>Runs of <c>chaos_limited</c> allowed per second and key, across workers; null for no such job type.</summary>
    public int? RateLimit { get; init; }

    /// <inheritdoc />
    public IEnumerable<string> ToArguments(string ledger) =>
        Store.WorkerArguments.Concat(IWorkerArguments.Named(
            ("Ledger", ledger),
            ("Effects", Effects),
            ("Workers", Workers),
            ("LeaseDuration", LeaseDuration),
            ("RescueInterval", RescueInterval),
            ("LeadershipTtl", LeadershipTtl),
            ("Retention", Retention),
            ("PruneInterval", PruneInterval),
            ("Recurring", Recurring),
            ("RateLimit", RateLimit)));
}
