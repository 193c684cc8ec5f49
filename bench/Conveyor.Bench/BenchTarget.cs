namespace Conveyor.Bench;

/// <summary>One fresh store for one workload run: how to use it in-process, and how a worker process names it.</summary>
/// <param name="Use">Registers the store in a <see cref="ConveyorBuilder"/>.</param>
/// <param name="StoreArgument">The <c>--store</c> value a worker process uses for the same store, or null if the store lives in this process only.</param>
/// <param name="Cleanup">Removes the store's data after the run.</param>
public sealed record BenchTarget(Action<ConveyorBuilder> Use, string? StoreArgument, Action Cleanup);

/// <summary>A store under benchmark: its name and a factory of fresh, empty instances.</summary>
/// <param name="Name">The store's name in the report, e.g. <c>sqlite</c>.</param>
/// <param name="Fresh">Creates an empty store for one run.</param>
public sealed record BenchStore(string Name, Func<BenchTarget> Fresh);
