using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.Harness;

/// <summary>What a chaos producer process is told: its store namespace, how many calls of how many jobs, and their work.</summary>
public sealed record ChaosProducerArguments(ChaosStore Store) : IWorkerArguments
{
    /// <summary>How many enqueue calls to make; 0 to go on until stopped or killed.</summary>
    public int Calls { get; init; }

    /// <summary>The most jobs one call enqueues (each call takes 1 to this many).</summary>
    public int Batch { get; init; } = 1;

    /// <summary>How long each job works, in milliseconds.</summary>
    public int Ms { get; init; }

    /// <summary>The pause between acknowledged calls, in milliseconds.</summary>
    public int PauseMs { get; init; }

    /// <inheritdoc />
    public IEnumerable<string> ToArguments(string ledger) =>
        Store.WorkerArguments.Concat(IWorkerArguments.Named(
            ("Ledger", ledger),
            ("Calls", Calls),
            ("Batch", Batch),
            ("Ms", Ms),
            ("PauseMs", PauseMs)));
}
