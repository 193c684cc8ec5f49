namespace Conveyor;

/// <summary>What happened to one attempt, as the executor (or the rescuer) saw it. The input of <see cref="JobStateMachine.Decide"/>.</summary>
public abstract record ExecutionOutcome
{
    private ExecutionOutcome()
    {
    }

    /// <summary>The handler returned normally, with the result it stored (UTF-8 JSON), if any.</summary>
    public sealed record Succeeded(ReadOnlyMemory<byte>? Result = null) : ExecutionOutcome;

    /// <summary>The handler threw, or overran its hard time limit.</summary>
    /// <param name="Error">The attempt's error record.</param>
    /// <param name="ExceptionType">The exception's type, matched against the retry policy's filters.</param>
    public sealed record Failed(AttemptError Error, Type ExceptionType) : ExecutionOutcome;

    /// <summary>The handler asked, through <see cref="JobContext.Discard"/>, to end the job for good.</summary>
    public sealed record DiscardRequested(string Reason) : ExecutionOutcome;

    /// <summary>The job's arguments cannot be decoded, so it can never run: it goes to the dead-letter state.</summary>
    public sealed record Undecodable(string Reason) : ExecutionOutcome;

    /// <summary>The encrypted arguments failed authentication or could not be decrypted here: discard as <c>integrity</c>.</summary>
    public sealed record IntegrityFailed(string Reason) : ExecutionOutcome;

    /// <summary>
    /// No handler for the job's kind is registered on this worker; the handler was not run. The job waits, without
    /// charging an attempt, for a worker that knows the kind — offered again after <paramref name="Recheck"/> — until
    /// <paramref name="Grace"/> after its creation; from then on it is discarded as <c>unknown_kind</c>.
    /// </summary>
    /// <param name="Worker">The worker that does not know the kind, named in the discard reason.</param>
    /// <param name="Grace">How long after its creation a job may wait for a worker that knows its kind.</param>
    /// <param name="Recheck">How soon the waiting job is offered again (never later than the end of the grace).</param>
    public sealed record UnknownKind(string Worker, TimeSpan Grace, TimeSpan Recheck) : ExecutionOutcome;

    /// <summary>The handler asked to run again later without charging an attempt.</summary>
    public sealed record SnoozeRequested(TimeSpan Delay) : ExecutionOutcome;

    /// <summary>A cancel was requested and the handler stopped.</summary>
    public sealed record CancelRequested : ExecutionOutcome;

    /// <summary>Shutdown stopped the handler: release the job without charging an attempt.</summary>
    public sealed record Interrupted : ExecutionOutcome;

    /// <summary>The lease ran out: the worker died or was cut off. Counts as a failed attempt (<c>crashed</c>).</summary>
    public sealed record LeaseExpired : ExecutionOutcome;
}
