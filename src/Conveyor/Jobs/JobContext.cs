using System.Data.Common;

namespace Conveyor;

/// <summary>What a handler knows about the job it runs, and how it steers the outcome.</summary>
public sealed class JobContext
{
    internal JobContext(JobRecord job, string workerId, CancellationToken cancellationToken)
    {
        Job = job;
        WorkerId = workerId;
        CancellationToken = cancellationToken;
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
