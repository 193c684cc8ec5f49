using Conveyor.Storage;

namespace Conveyor.Storage.Conformance;

/// <summary>A fresh store in its own namespace (file, schema or key prefix), and how to register one like it in a host.</summary>
public sealed class StoreUnderTest : IAsyncDisposable
{
    /// <summary>The hot-path side.</summary>
    public required IJobStore Store { get; init; }

    /// <summary>The admin side (usually the same object).</summary>
    public required IJobAdminStore Admin { get; init; }

    /// <summary>The recurring schedules (the same object as <see cref="Store"/>; every store keeps them).</summary>
    public IScheduleStore Schedules =>
        Store as IScheduleStore ?? throw new InvalidOperationException($"{Store.GetType().Name} does not implement {nameof(IScheduleStore)}.");

    /// <summary>Batches and continuations (the same object as <see cref="Store"/>; every store keeps them).</summary>
    public IBatchStore Batches =>
        Store as IBatchStore ?? throw new InvalidOperationException($"{Store.GetType().Name} does not implement {nameof(IBatchStore)}.");

    /// <summary>Migrations, when the store has them.</summary>
    public IStoreMigrator? Migrator { get; init; }

    /// <summary>Cross-process wake-ups, when the store has them.</summary>
    public INotifier? Notifier { get; init; }

    /// <summary>Registers a fresh store of the same kind, in its own namespace, for host tests.</summary>
    public required Action<ConveyorBuilder> Register { get; init; }

    /// <summary>Removes the store's data.</summary>
    public Func<ValueTask> Cleanup { get; init; } = () => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Cleanup();
}
