using System.Data.Common;

namespace Conveyor;

/// <summary>What a handler knows about the job it runs, and how it steers the outcome.</summary>
public sealed class JobContext
{
    private readonly Func<bool> _holdsLease;
    private readonly Action _loseLease;

    internal JobContext(JobRecord job, string workerId, CancellationToken cancellationToken, Func<bool> holdsLease, Action loseLease)
    {
        Job = job;
        WorkerId = workerId;
        CancellationToken = cancellationToken;
        _holdsLease = holdsLease;
        _loseLease = loseLease;
    }

    /// <summary>The job as fetched (state <see cref="JobState.Running"/>).</summary>
    public JobRecord Job { get; }

    /// <summary>The job's id.</summary>
    public long Id => Job.Id;

    /// <summary>The job's kind.</summary>
    public string Kind => Job.Kind;

    /// <summary>The job's queue.</summary>
    public string Queue => Job.Queue;

    /// <summary>This attempt's number, starting at 1.</summary>
    public int Attempt => Job.Attempt;

    /// <summary>The attempts allowed.</summary>
    public int MaxAttempts => Job.MaxAttempts;

    /// <summary>When the job was enqueued.</summary>
    public DateTimeOffset CreatedAt => Job.CreatedAt;

    /// <summary>The worker (node) running this attempt.</summary>
    public string WorkerId { get; }

    /// <summary>The same token the handler receives: soft time limit, cancel request, lost lease, shutdown.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// The transaction to do this attempt's database work in, when the job type sets
    /// <see cref="JobTypeOptions.CompleteInTransaction"/> (for PostgreSQL an <c>NpgsqlTransaction</c>; its
    /// <see cref="DbTransaction.Connection"/> is open). The job's completion is written in it and it commits once the
    /// handler returns; a failed attempt or a lost lease rolls it back. Null otherwise. Do not commit it yourself.
    /// </summary>
    public DbTransaction? Transaction { get; internal set; }

    /// <summary>
    /// Whether this worker can still be sure it holds the job's lease: no renewal came back lost, and the last renewal
    /// confirmed was sent less than a lease ago. It turns false the moment a worker that was paused or cut off from the
    /// store wakes, before any renewal could tell it, while another worker may already run the job.
    /// </summary>
    public bool HoldsLease => _holdsLease();

    /// <summary>
    /// Throws <see cref="OperationCanceledException"/> unless <see cref="HoldsLease"/>: call it right before a side
    /// effect that must not happen after another worker took the job over. The attempt then ends as interrupted by the
    /// lost lease, charging nothing (the job is already back with the store). A check, not a lock: an effect that must
    /// happen exactly once also needs an idempotency key (the job id), or <see cref="Transaction"/> on PostgreSQL.
    /// </summary>
    public void ThrowIfLeaseLost()
    {
        if (!HoldsLease)
        {
            _loseLease();
            throw new OperationCanceledException($"Job {Id} attempt {Attempt}: worker {WorkerId} can no longer be sure of its lease.", CancellationToken);
        }
    }

    /// <summary>The reason given to <see cref="Discard"/>, if the handler called it.</summary>
    internal string? DiscardReason { get; private set; }

    /// <summary>The delay given to <see cref="Snooze"/>, if the handler called it.</summary>
    internal TimeSpan? SnoozeDelay { get; private set; }

    /// <summary>Ends the job as <see cref="JobState.Discarded"/> with this reason once the handler returns; no retries.</summary>
    public void Discard(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        DiscardReason = reason;
    }

    /// <summary>Runs the job again after <paramref name="delay"/> without charging an attempt, once the handler returns.</summary>
    public void Snooze(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        SnoozeDelay = delay;
    }
}
