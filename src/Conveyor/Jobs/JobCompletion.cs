namespace Conveyor;

/// <summary>The kinds of <see cref="JobCompletion"/>, one per transition out of <see cref="JobState.Running"/>.</summary>
public enum CompletionKind
{
    /// <summary>Running → Completed.</summary>
    Completed,

    /// <summary>
    /// Running → Retryable, due at <see cref="JobCompletion.ScheduledAt"/>; with none (a rescue, whose lease it waited
    /// out was its backoff), straight back to Available at the due time it had, with no promotion to wait for.
    /// </summary>
    Retry,

    /// <summary>Running → Discarded (the dead-letter state).</summary>
    Discard,

    /// <summary>Running → Cancelled.</summary>
    Cancel,

    /// <summary>Running → Scheduled at <see cref="JobCompletion.ScheduledAt"/>, the attempt given back.</summary>
    Snooze,

    /// <summary>Running → Available, the attempt given back (shutdown).</summary>
    Interrupted,
}

/// <summary>
/// A decided transition out of <see cref="JobState.Running"/>. Stores persist it only under the guard
/// <c>state = Running AND attempt = Attempt AND lease_owner = LeaseOwner</c>; otherwise it is stale and ignored.
/// That guard is what makes crashed, paused and partitioned workers harmless.
/// </summary>
public sealed record JobCompletion
{
    /// <summary>The job.</summary>
    public required long JobId { get; init; }

    /// <summary>The attempt this completion belongs to (guard).</summary>
    public required int Attempt { get; init; }

    /// <summary>The worker that held the lease for that attempt (guard).</summary>
    public required string LeaseOwner { get; init; }

    /// <summary>The transition.</summary>
    public required CompletionKind Kind { get; init; }

    /// <summary>When the job is due again (Retry, Snooze); null keeps the current due time.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>The attempt's error to append to the job's history, if any.</summary>
    public AttemptError? Error { get; init; }

    /// <summary>When the decision was made; stored as the finalized time for final states.</summary>
    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>For <see cref="CompletionKind.Completed"/>: the result the handler stored (UTF-8 JSON), kept on the job; else null.</summary>
    public ReadOnlyMemory<byte>? Result { get; init; }

    /// <summary>The state the job moves to. Decided here, never by a store.</summary>
    public JobState TargetState => Kind switch
    {
        CompletionKind.Completed => JobState.Completed,
        CompletionKind.Retry => ScheduledAt is null ? JobState.Available : JobState.Retryable,
        CompletionKind.Discard => JobState.Discarded,
        CompletionKind.Cancel => JobState.Cancelled,
        CompletionKind.Snooze => JobState.Scheduled,
        CompletionKind.Interrupted => JobState.Available,
        _ => throw new InvalidOperationException($"Unknown completion kind {Kind}."),
    };

    /// <summary>Whether the attempt counts; when false the store decrements the job's attempt.</summary>
    public bool ChargesAttempt => Kind is not (CompletionKind.Snooze or CompletionKind.Interrupted);

    /// <summary>Whether the target state is final, so the store sets <c>finalized_at</c> and frees the unique key.</summary>
    public bool IsFinal => TargetState.IsFinal();
}
