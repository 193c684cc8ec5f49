using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Worker;

/// <summary>
/// What a fault test tells this worker, as <c>--Name value</c> arguments: which store and namespace, which queues, and
/// where the shared side-effect table is.
/// </summary>
public sealed class ChaosWorkerSettings : TestWorkerSettings
{
    /// <summary><c>Sqlite</c>, <c>Postgres</c> or <c>Redis</c> (required).</summary>
    public string Store { get; set; } = "";

    /// <summary>The SQLite file, the PostgreSQL connection string or the Redis configuration (required).</summary>
    public string Connection { get; set; } = "";

    /// <summary>The PostgreSQL schema or Redis key prefix (empty for SQLite).</summary>
    public string Namespace { get; set; } = "";

    /// <summary>The queues worked, comma-separated, each with <see cref="TestWorkerSettings.Workers"/> slots.</summary>
    public string Queues { get; set; } = "default";

    /// <summary>The side-effect table's SQLite file, shared by every worker of a run (required).</summary>
    public string Effects { get; set; } = "";

    /// <summary>How long finished jobs are kept (every final state); null keeps Conveyor's defaults.</summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>How often the leader prunes finished jobs past retention; null keeps Conveyor's default.</summary>
    public TimeSpan? PruneInterval { get; set; }

    /// <summary>
    /// A recurring schedule of <c>chaos_work</c> jobs on the first queue, as <c>name|cron</c> (e.g.
    /// <c>beat|* * * * * *</c>); empty for none.
    /// </summary>
    public string Recurring { get; set; } = "";

    /// <summary><c>chaos_limited</c> jobs run at most this many times a second per key, across workers; 0 for no limit.</summary>
    public int RateLimit { get; set; }

    /// <summary>
    /// Registers <c>chaos_limited</c> with the <see cref="RateLimit"/>, when one was given, <c>chaos_exclusive</c>, one
    /// running job per key, and <c>chaos_ordered</c>, one job per key at a time in enqueue order.
    /// </summary>
    public void ApplyFlowControl(ConveyorBuilder c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (RateLimit > 0)
        {
            c.AddHandler<LimitedJobHandler>(o => o.LimitRate<LimitedJob>(RateLimit, TimeSpan.FromSeconds(1), job => job.Key));
        }

        // One chaos_exclusive job per key at a time, across workers.
        c.AddHandler<ExclusiveJobHandler>(o => o.LimitConcurrency<ExclusiveJob>(1, job => job.Key));

        // The chaos_ordered jobs of a key one at a time, in enqueue order, across workers.
        c.AddHandler<OrderedJobHandler>(o => o.RunInOrder<OrderedJob>(job => job.Key));
    }

    /// <summary>Registers the <see cref="Recurring"/> schedule, when one was given.</summary>
    public void ApplyRecurring(ConveyorBuilder c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (Recurring.Split('|') is [var name, var cron])
        {
            c.Recurring(name, cron, new WorkJob(), configure: o => o.Queue = QueueNames[0]);
        }
    }

    /// <summary>Sets the retention settings that were given.</summary>
    public void ApplyRetention(ConveyorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Retention is { } retention)
        {
            options.CompletedRetention = retention;
            options.DiscardedRetention = retention;
            options.CancelledRetention = retention;
        }

        if (PruneInterval is { } interval)
        {
            options.PruneInterval = interval;
        }
    }

    /// <summary>The queue names in <see cref="Queues"/>.</summary>
    public IReadOnlyList<string> QueueNames => Queues.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <inheritdoc />
    protected override IEnumerable<(string Name, string Value)> Required =>
        [(nameof(Store), Store), (nameof(Connection), Connection), (nameof(Queues), Queues), (nameof(Effects), Effects)];
}
