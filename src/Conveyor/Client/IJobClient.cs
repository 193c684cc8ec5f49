namespace Conveyor;

/// <summary>Enqueues jobs. Safe to use from any thread; register once, inject anywhere.</summary>
public interface IJobClient
{
    /// <summary>Enqueues one job and returns its id (or, for a matching unique key, the existing job's id).</summary>
    /// <exception cref="ArgumentException">Invalid queue name, or arguments over the size cap.</exception>
    ValueTask<long> EnqueueAsync<TArgs>(TArgs args, EnqueueOptions? options = null, CancellationToken ct = default)
        where TArgs : IJobArgs;

    /// <summary>Enqueues many jobs in one round trip, all or none; ids in order.</summary>
    ValueTask<IReadOnlyList<long>> EnqueueManyAsync<TArgs>(IEnumerable<TArgs> args, EnqueueOptions? options = null, CancellationToken ct = default)
        where TArgs : IJobArgs;

    /// <summary>Enqueues a job due after <paramref name="delay"/>.</summary>
    ValueTask<long> ScheduleAsync<TArgs>(TArgs args, TimeSpan delay, EnqueueOptions? options = null, CancellationToken ct = default)
        where TArgs : IJobArgs;

    /// <summary>Enqueues a job due at <paramref name="at"/>.</summary>
    ValueTask<long> ScheduleAsync<TArgs>(TArgs args, DateTimeOffset at, EnqueueOptions? options = null, CancellationToken ct = default)
        where TArgs : IJobArgs;

    /// <summary>
    /// Fan-out: enqueues one job per subscriber of <typeparamref name="TEvent"/>, atomically, each on its
    /// subscriber's queue and retry policy. Returns the ids in subscription order.
    /// </summary>
    /// <exception cref="InvalidOperationException">The event has no subscribers.</exception>
    ValueTask<IReadOnlyList<long>> PublishAsync<TEvent>(TEvent @event, EnqueueOptions? options = null, CancellationToken ct = default)
        where TEvent : IJobArgs;

    /// <summary>Enqueues a job by kind name with raw JSON arguments (for tools such as the CLI).</summary>
    /// <exception cref="ArgumentException">Malformed JSON, invalid queue, or arguments over the size cap.</exception>
    ValueTask<long> EnqueueRawAsync(string kind, ReadOnlyMemory<byte> argsJson, EnqueueOptions? options = null, CancellationToken ct = default);
}
