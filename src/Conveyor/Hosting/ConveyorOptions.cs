namespace Conveyor;

/// <summary>Runtime settings; validated when the host starts. Defaults are documented in README.md.</summary>
public sealed class ConveyorOptions
{
    /// <summary>Queues this process works, with their worker counts (concurrent jobs). Empty: enqueue only.</summary>
    public Dictionary<string, int> Queues { get; } = new(StringComparer.Ordinal);

    /// <summary>This worker's id, used as lease owner; default <c>host:pid:random</c>.</summary>
    public string? NodeId { get; set; }

    /// <summary>How long a fetched job's lease lasts unless renewed (default 30 s). A dead worker's jobs return after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the leader checks the recurring schedules for due ticks; ticks are enqueued this far ahead, as scheduled jobs.</summary>
    public TimeSpan RecurringInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the leader closes finished batches and releases their callbacks (and continuations): the most a
    /// callback waits after its batch's last job finished. Default 1 second.
    /// </summary>
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the leader counts the jobs per queue and state for the <c>conveyor.queue.depth</c> gauge. Default 10 seconds.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often every node adds what it processed into the store's per-minute statistics. Default 10 seconds.</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the store keeps per-minute statistics. Default 24 hours.</summary>
    public TimeSpan StatsRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the store keeps an alert after it resolved (its history). Default 30 days.</summary>
    public TimeSpan AlertRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How late a recurring tick may be before it counts as missed and its schedule's misfire policy applies.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often an idle producer polls the store when no notification arrives (default 1 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long shutdown waits for running jobs before cancelling them and releasing their jobs (default 20 s).
    /// Keep it below the host's own shutdown timeout (30 s by default), which ends the wait early.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The largest argument JSON accepted at enqueue, in bytes (default 256 KiB).</summary>
    public int MaxArgsBytes { get; set; } = 256 * 1024;

    /// <summary>The most completions written in one store call (default 1,000).</summary>
    public int CompletionBatchSize { get; set; } = 1000;

    /// <summary>
    /// How often the leader moves due scheduled and retryable jobs to available (default 250 ms, the maintenance
    /// tick). Each round releases what came due since the last one at once, so a longer interval bunches delayed
    /// jobs and retries that their due times had spread out.
    /// </summary>
    public TimeSpan PromoteInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often each node looks for expired leases to rescue (default 10 s).</summary>
    public TimeSpan RescueInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the leader prunes finished jobs past retention (default 1 min).</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long completed jobs are kept (default 1 day).</summary>
    public TimeSpan CompletedRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long cancelled jobs are kept (default 7 days).</summary>
    public TimeSpan CancelledRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long discarded (dead-lettered) jobs are kept (default 30 days).</summary>
    public TimeSpan DiscardedRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Retentions of particular queues, overriding the global ones per final state (see <c>c.Retention(queue, …)</c>).</summary>
    public Dictionary<string, QueueRetention> QueueRetention { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How long a maintenance leadership lasts unless renewed (default 15 s). Kept at half the lease so that when
    /// the leader itself dies, the next leader is elected (within 4/3 of this) before the dead node's leases expire.
    /// </summary>
    public TimeSpan LeadershipTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long after its creation a job of a kind this worker has no handler for may wait for a worker that knows it
    /// (default 1 h). Within it such a job is never run and never lost: it is put back without charging an attempt,
    /// so a rolling or rolled-back deploy costs it nothing. Past it the job is discarded as <c>unknown_kind</c>.
    /// </summary>
    public TimeSpan UnknownKindGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How soon a job of an unknown kind is offered again while it waits (default 30 s; never past the end of
    /// <see cref="UnknownKindGrace"/>). It bounds how long the job lingers once a worker that knows it is up.
    /// </summary>
    public TimeSpan UnknownKindRecheck { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the host applies store migrations at start (default true).</summary>
    public bool AutoMigrate { get; set; } = true;

    /// <summary>Whether this process runs maintenance (promote, rescue, prune) when elected (default true).</summary>
    public bool RunMaintenance { get; set; } = true;
}
