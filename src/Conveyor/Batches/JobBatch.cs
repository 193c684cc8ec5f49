using System.Data.Common;

namespace Conveyor;

/// <summary>
/// A batch to enqueue with <see cref="IJobClient.EnqueueBatchAsync"/>: jobs (new ones, and existing ones by id) and
/// the callback that runs once when all of them have finished, all created atomically. The callback reads how they
/// ended with <see cref="JobContext.GetBatchAsync"/>.
/// </summary>
/// <example><code>
/// var batch = new JobBatch()
///     .AddRange(order.Lines.Select(l => new ReserveStock(l.Id)))
///     .Then(new ConfirmOrder(order.Id), BatchCondition.AllSucceeded);
/// var enqueued = await client.EnqueueBatchAsync(batch, ct);
/// </code></example>
public sealed class JobBatch
{
    private readonly List<BatchEntry> _jobs = [];
    private readonly List<long> _existing = [];

    /// <summary>The new jobs, in the order added.</summary>
    internal IReadOnlyList<BatchEntry> Jobs => _jobs;

    /// <summary>Jobs already enqueued that belong to the batch.</summary>
    internal IReadOnlyList<long> ExistingJobIds => _existing;

    /// <summary>The callback; null until <see cref="Then{TArgs}"/>.</summary>
    internal BatchEntry? Callback { get; private set; }

    /// <summary>When the callback runs.</summary>
    public BatchCondition Condition { get; private set; }

    /// <summary>The caller's open transaction on the store's database: the batch exists if and only if it commits.</summary>
    public DbTransaction? Transaction { get; set; }

    /// <summary>Adds a new job to the batch; <paramref name="options"/> as for <see cref="IJobClient.EnqueueAsync{TArgs}"/>.</summary>
    public JobBatch Add<TArgs>(TArgs args, EnqueueOptions? options = null)
        where TArgs : IJobArgs
    {
        _jobs.Add(BatchEntry.Of(args, options));
        return this;
    }

    /// <summary>Adds a new job per argument.</summary>
    public JobBatch AddRange<TArgs>(IEnumerable<TArgs> args, EnqueueOptions? options = null)
        where TArgs : IJobArgs
    {
        ArgumentNullException.ThrowIfNull(args);
        foreach (var a in args)
        {
            Add(a, options);
        }

        return this;
    }

    /// <summary>Adds jobs already enqueued (by id): the callback also waits for them.</summary>
    public JobBatch AddExisting(params IEnumerable<long> jobIds)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        _existing.AddRange(jobIds);
        return this;
    }

    /// <summary>
    /// Sets the callback: a <typeparamref name="TArgs"/> job that runs once, when every job of the batch has finished,
    /// if <paramref name="when"/> holds (otherwise it ends Cancelled). It may have no unique key or due time.
    /// </summary>
    public JobBatch Then<TArgs>(TArgs callback, BatchCondition when = BatchCondition.AllFinished, EnqueueOptions? options = null)
        where TArgs : IJobArgs =>
        Then(BatchEntry.Of(callback, options), when);

    /// <summary>Sets the callback by kind name with raw JSON arguments (for tools such as the CLI); as <see cref="Then{TArgs}"/>.</summary>
    /// <exception cref="ArgumentException">Malformed JSON, a unique key or a due time.</exception>
    public JobBatch Then(string kind, ReadOnlyMemory<byte> argsJson, BatchCondition when = BatchCondition.AllFinished, EnqueueOptions? options = null)
    {
        JobClient.RequireJson(kind, argsJson);
        return Then(new BatchEntry(kind, argsJson, options, Encrypt: false), when);
    }

    private JobBatch Then(BatchEntry callback, BatchCondition when)
    {
        if (callback.Options?.UniqueKey is not null || callback.Options?.ScheduledAt is not null)
        {
            throw new ArgumentException("A batch's callback runs when the batch has finished: it can have neither a unique key nor a due time.", nameof(callback));
        }

        Callback = callback;
        Condition = when;
        return this;
    }
}

/// <summary>One job of a batch before the client builds it: its kind, JSON arguments and options.</summary>
internal sealed record BatchEntry(string Kind, ReadOnlyMemory<byte> Json, EnqueueOptions? Options, bool Encrypt)
{
    public static BatchEntry Of<TArgs>(TArgs args, EnqueueOptions? options)
        where TArgs : IJobArgs =>
        new(TArgs.Kind, JobClient.Serialize(args), options, JobClient.Encrypted<TArgs>());
}
