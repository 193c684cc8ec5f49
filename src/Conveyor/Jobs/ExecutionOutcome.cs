namespace Conveyor;

/// <summary>What happened to one attempt, as the executor (or the rescuer) saw it. The input of <see cref="JobStateMachine.Decide"/>.</summary>
public abstract record ExecutionOutcome
{
    private ExecutionOutcome()
    {
    }

    /// <summary>The handler returned normally.</summary>
    public sealed record Succeeded : ExecutionOutcome;

    /// <summary>The handler threw, or overran its hard time limit.</summary>
    /// <param name="Error">The attempt's error record.</param>
    /// <param name="ExceptionType">The exception's type, matched against the retry policy's filters.</param>
    public sealed record Failed(AttemptError Error, Type ExceptionType) : ExecutionOutcome;

    /// <summary>The handler asked, through <see cref="JobContext.Discard"/>, to end the job for good.</summary>
    public sealed record DiscardRequested(string Reason) : ExecutionOutcome;

    /// <summary>The job cannot run at all (unknown kind, malformed arguments): it goes to the dead-letter state.</summary>
    public sealed record Undecodable(string Reason) : ExecutionOutcome;

    /// <summary>The handler asked to run again later without charging an attempt.</summary>
    public sealed record SnoozeRequested(TimeSpan Delay) : ExecutionOutcome;

    /// <summary>A cancel was requested and the handler stopped.</summary>
    public sealed record CancelRequested : ExecutionOutcome;

    /// <summary>Shutdown stopped the handler: release the job without charging an attempt.</summary>
    public sealed record Interrupted : ExecutionOutcome;

    /// <summary>The lease ran out: the worker died or was cut off. Counts as a failed attempt (<c>crashed</c>).</summary>
    public sealed record LeaseExpired : ExecutionOutcome;
}
