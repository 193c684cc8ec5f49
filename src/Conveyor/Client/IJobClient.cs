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

    /// <summary>
    /// Enqueues a batch: its new jobs and its held callback in one atomic step (in <see cref="JobBatch.Transaction"/>
    /// when set). The callback runs once, when every job of the batch has finished and its condition holds.
    /// </summary>
    /// <exception cref="ArgumentException">No callback, no jobs or more than <see cref="BatchJobs.MaxJobs"/>, an existing job id that does not exist, or a job the other methods refuse.</exception>
    /// <exception cref="NotSupportedException">The store keeps no batches.</exception>
    ValueTask<EnqueuedBatch> EnqueueBatchAsync(JobBatch batch, CancellationToken ct = default);

    /// <summary>
    /// Enqueues <paramref name="args"/> to run once job <paramref name="parentJobId"/> has finished: by default only if
    /// it completed (otherwise the continuation ends Cancelled); with <see cref="BatchCondition.AllFinished"/> whatever
    /// its outcome. Returns the continuation's job id. The continuation reads its parent's result through
    /// <see cref="JobContext.GetBatchAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The parent does not exist, or the arguments are refused.</exception>
    ValueTask<long> ContinueWithAsync<TArgs>(long parentJobId, TArgs args, BatchCondition when = BatchCondition.AllSucceeded, EnqueueOptions? options = null, CancellationToken ct = default)
        where TArgs : IJobArgs;
}
