namespace Conveyor;

/// <summary>
/// The one place that decides a job's next state. Pure: no I/O, no clock, no randomness of its own, no logging.
/// Retry, backoff and the dead-letter decision live here and nowhere else.
/// </summary>
public static class JobStateMachine
{
    private static readonly Dictionary<JobState, JobState[]> Transitions = new()
    {
        [JobState.Scheduled] = [JobState.Available, JobState.Cancelled],
        [JobState.Retryable] = [JobState.Available, JobState.Cancelled],
        [JobState.Available] = [JobState.Running, JobState.Cancelled],
        [JobState.Running] =
        [
            JobState.Completed, JobState.Retryable, JobState.Discarded, JobState.Cancelled, JobState.Scheduled,
            JobState.Available,
        ],
        [JobState.Completed] = [JobState.Available],
        [JobState.Discarded] = [JobState.Available],
        [JobState.Cancelled] = [JobState.Available],
    };

    /// <summary>Whether the state machine allows moving from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanTransition(JobState from, JobState to) => Transitions[from].Contains(to);

    /// <summary>
    /// Decides what follows an attempt of <paramref name="job"/> (state Running) that ended with <paramref name="outcome"/>.
    /// </summary>
    /// <param name="job">The job as fetched: its attempt and lease owner form the completion's guard.</param>
    /// <param name="outcome">What happened.</param>
    /// <param name="policy">The job type's retry policy; the job's own <see cref="JobRecord.MaxAttempts"/> wins over it.</param>
    /// <param name="now">The decision time.</param>
    /// <param name="jitter">A uniform sample in [0, 1) for the backoff's full jitter.</param>
    public static JobCompletion Decide(JobRecord job, ExecutionOutcome outcome, RetryPolicy policy, DateTimeOffset now, double jitter)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(policy);
        if (job.State != JobState.Running || job.LeaseOwner is null)
        {
            throw new InvalidOperationException($"Job {job.Id} is {job.State}, not a leased Running job; only running jobs complete.");
        }

        return outcome switch
        {
            ExecutionOutcome.Succeeded succeeded => Completion(job, CompletionKind.Completed, now) with { Result = succeeded.Result },
            ExecutionOutcome.Failed failed => AfterFailure(job, failed.Error, policy.IsRetryable(failed.ExceptionType), policy, now, jitter),
            ExecutionOutcome.DiscardRequested discard => Completion(job, CompletionKind.Discard, now) with { Error = Reason(job, "discarded", discard.Reason, now) },
            ExecutionOutcome.Undecodable bad => Completion(job, CompletionKind.Discard, now) with { Error = Reason(job, "undecodable", bad.Reason, now) },
            ExecutionOutcome.IntegrityFailed tampered => Completion(job, CompletionKind.Discard, now) with { Error = Reason(job, "integrity", tampered.Reason, now) },
            ExecutionOutcome.UnknownKind unknown => AfterUnknownKind(job, unknown, now),
            ExecutionOutcome.SnoozeRequested snooze => Completion(job, CompletionKind.Snooze, now) with { ScheduledAt = now + snooze.Delay },
            ExecutionOutcome.CancelRequested => Completion(job, CompletionKind.Cancel, now) with { Error = Reason(job, "cancelled", "Cancelled on request.", now) },
            ExecutionOutcome.Interrupted => Completion(job, CompletionKind.Interrupted, now),
            ExecutionOutcome.LeaseExpired => Rescue(job, policy, now, jitter),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
        };
    }

    /// <summary>
    /// A job whose worker died (its lease expired) is charged the attempt like a failure, but a retry keeps its place
    /// in line instead of backing off: no due time, so the store keeps the one it had, exactly (a due time sent from
    /// here would land a few milliseconds late on the store's clock, behind jobs enqueued with it). The lease it waited
    /// out is its backoff, and a dead worker's jobs restart within the lease TTL and the rescue sweep even behind a
    /// long queue.
    /// </summary>
    private static JobCompletion Rescue(JobRecord job, RetryPolicy policy, DateTimeOffset now, double jitter)
    {
        var error = Reason(job, "crashed", $"Lease held by {job.LeaseOwner} expired: the worker died or lost the store.", now);
        var decided = AfterFailure(job, error, retryable: true, policy, now, jitter);
        return decided.Kind == CompletionKind.Retry ? decided with { ScheduledAt = null } : decided;
    }

    private static JobCompletion AfterFailure(JobRecord job, AttemptError error, bool retryable, RetryPolicy policy, DateTimeOffset now, double jitter)
    {
        if (!retryable || job.Attempt >= job.MaxAttempts)
        {
            return Completion(job, CompletionKind.Discard, now) with { Error = error };
        }

        return Completion(job, CompletionKind.Retry, now) with
        {
            Error = error,
            ScheduledAt = now + policy.Backoff(job.Attempt, jitter),
        };
    }

    /// <summary>
    /// A job of a kind this worker does not know is never run here and never lost: within its grace it is snoozed,
    /// which gives the attempt back, so waiting through a rolling or rolled-back deploy spends none of
    /// <see cref="JobRecord.MaxAttempts"/>; the last wait ends exactly at the grace. From then on it is discarded.
    /// </summary>
    private static JobCompletion AfterUnknownKind(JobRecord job, ExecutionOutcome.UnknownKind unknown, DateTimeOffset now)
    {
        var deadline = job.CreatedAt + unknown.Grace;
        if (now >= deadline)
        {
            var reason = $"Unknown job kind '{job.Kind}': no handler is registered for it on worker {unknown.Worker}, and no worker "
                + $"that knows it took the job within the grace of {unknown.Grace} after its creation at {job.CreatedAt:O}.";
            return Completion(job, CompletionKind.Discard, now) with { Error = Reason(job, "unknown_kind", reason, now) };
        }

        var remaining = deadline - now;
        var wait = unknown.Recheck > TimeSpan.Zero && unknown.Recheck < remaining ? unknown.Recheck : remaining;
        return Completion(job, CompletionKind.Snooze, now) with { ScheduledAt = now + wait };
    }

    private static JobCompletion Completion(JobRecord job, CompletionKind kind, DateTimeOffset now) => new()
    {
        JobId = job.Id,
        Attempt = job.Attempt,
        LeaseOwner = job.LeaseOwner!,
        Kind = kind,
        DecidedAt = now,
    };

    private static AttemptError Reason(JobRecord job, string code, string message, DateTimeOffset now) =>
        new(now, job.Attempt, code, message, StackTrace: null, job.LeaseOwner, DurationMs: job.AttemptedAt is { } started ? (now - started).TotalMilliseconds : 0);
}
