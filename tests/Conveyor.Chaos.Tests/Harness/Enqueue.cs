namespace Conveyor.Chaos.Tests.Harness;

/// <summary>How a producer's enqueue call ended: acknowledged, refused with an error, or unknown (the call was cut off).</summary>
public enum EnqueueOutcome
{
    Ok,
    Error,
    Unknown,
}

/// <summary>A producer's record of one enqueue: the job's id (when acknowledged), the outcome and when it was asked.</summary>
public sealed record Enqueue(long? JobId, EnqueueOutcome Outcome, DateTimeOffset At);
