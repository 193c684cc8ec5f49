namespace Conveyor;

/// <summary>
/// How long one queue's finished jobs are kept, per final state; an unset state keeps the global retention
/// (<see cref="ConveyorOptions.CompletedRetention"/> and its siblings).
/// </summary>
public sealed class QueueRetention
{
    /// <summary>How long completed jobs of the queue are kept.</summary>
    public TimeSpan? Completed { get; set; }

    /// <summary>How long cancelled jobs of the queue are kept.</summary>
    public TimeSpan? Cancelled { get; set; }

    /// <summary>How long discarded jobs (dead letters) of the queue are kept.</summary>
    public TimeSpan? Discarded { get; set; }

    /// <summary>This queue's retention for a final <paramref name="state"/>, or null when it keeps the global one.</summary>
    public TimeSpan? For(JobState state) => state switch
    {
        JobState.Completed => Completed,
        JobState.Cancelled => Cancelled,
        JobState.Discarded => Discarded,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Only final states are kept for a retention."),
    };
}
