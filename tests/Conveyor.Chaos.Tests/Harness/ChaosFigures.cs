namespace Conveyor.Chaos.Tests.Harness;

/// <summary>What the <see cref="Checker"/> found in one run: the fault suite's figures.</summary>
public sealed record ChaosFigures
{
    /// <summary>Acknowledged enqueues.</summary>
    public required int Acknowledged { get; init; }

    /// <summary>Acknowledged jobs meant to complete that no worker finished (no <c>done</c> in any ledger).</summary>
    public required int Lost { get; init; }

    /// <summary>Jobs executed that no producer enqueued (or, beyond the enqueues of unknown outcome, could have).</summary>
    public required int Unexpected { get; init; }

    /// <summary>Every execution recorded (<c>exec</c> lines).</summary>
    public required int Executions { get; init; }

    /// <summary>Executions beyond the first of their job.</summary>
    public required int DuplicateExecutions { get; init; }

    /// <summary>Of <see cref="DuplicateExecutions"/>, those whose earlier execution ran on a worker a fault hit before the next began.</summary>
    public required int DuplicatesAttributable { get; init; }

    /// <summary>
    /// The same (job, attempt) executed twice other than after its worker gave it back (a graceful shutdown, or a
    /// handler stopped for a lease it could no longer be sure of; either charges no attempt): the store handed one
    /// lease out twice. Always a defect.
    /// </summary>
    public required int SameAttemptTwice { get; init; }

    /// <summary>Jobs whose side effect took more than once.</summary>
    public required int DuplicateEffects { get; init; }

    /// <summary>Jobs meant to complete that the store holds in a state other than Completed (pruned ones are gone; <see cref="Lost"/> covers those).</summary>
    public required int NotCompletedInStore { get; init; }

    /// <summary>From a fault to the next start of a job the faulted worker was running, in milliseconds: p50.</summary>
    public required double RecoveryP50Ms { get; init; }

    /// <summary>The same, p99.</summary>
    public required double RecoveryP99Ms { get; init; }

    /// <summary>The same, the longest.</summary>
    public required double RecoveryMaxMs { get; init; }

    /// <summary>How many jobs a fault caught running (the recovery latencies' sample).</summary>
    public required int Recovered { get; init; }

    /// <summary>Jobs finished per second, from the first start to the last finish.</summary>
    public required double Throughput { get; init; }

    /// <summary>From the last fault to the last finish, in milliseconds (0 without faults).</summary>
    public required double TimeToQuietMs { get; init; }
}
