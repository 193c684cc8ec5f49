namespace Conveyor;

/// <summary>The states of a job; see docs/state-machine.md for the transitions.</summary>
public enum JobState
{
    /// <summary>Ready to run now.</summary>
    Available = 0,

    /// <summary>Waiting for its scheduled time.</summary>
    Scheduled = 1,

    /// <summary>Held by a worker under a lease.</summary>
    Running = 2,

    /// <summary>Failed and waiting for its next attempt.</summary>
    Retryable = 3,

    /// <summary>Finished successfully (final).</summary>
    Completed = 4,

    /// <summary>Dead-lettered: failed for good, with a reason (final until retried by hand).</summary>
    Discarded = 5,

    /// <summary>Cancelled before or while running (final until retried by hand).</summary>
    Cancelled = 6,
}
