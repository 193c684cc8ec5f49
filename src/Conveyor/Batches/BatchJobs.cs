namespace Conveyor;

/// <summary>Constants of batches shared by the client, the stores and the tools.</summary>
public static class BatchJobs
{
    /// <summary>
    /// The due time of a held callback: it stays Scheduled here, never promoted, until its batch closes. Tools show a
    /// job due at this time as held.
    /// </summary>
    public static readonly DateTimeOffset HeldUntil = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The most jobs a batch may have (new and existing together).</summary>
    public const int MaxJobs = 10_000;

    /// <summary>Whether a job is a callback held for its batch.</summary>
    public static bool IsHeld(JobRecord job) => job.State == JobState.Scheduled && job.ScheduledAt == HeldUntil;
}
