namespace Conveyor;

/// <summary>Facts about <see cref="JobState"/> values shared by the core, stores, CLI and dashboard.</summary>
public static class JobStates
{
    /// <summary>Every state, in declaration order.</summary>
    public static IReadOnlyList<JobState> All { get; } = Enum.GetValues<JobState>();

    /// <summary>The final states: completed, cancelled, discarded.</summary>
    public static IReadOnlyList<JobState> Final { get; } = [JobState.Completed, JobState.Cancelled, JobState.Discarded];

    /// <summary>Whether the state is final (completed, discarded or cancelled).</summary>
    public static bool IsFinal(this JobState state) =>
        state is JobState.Completed or JobState.Discarded or JobState.Cancelled;

    /// <summary>Whether the job still holds its unique key (not final).</summary>
    public static bool IsUnfinished(this JobState state) => !state.IsFinal();

    /// <summary>The lowercase name used in JSON output, CLI arguments and SQL columns.</summary>
    public static string ToWireName(this JobState state) => state switch
    {
        JobState.Available => "available",
        JobState.Scheduled => "scheduled",
        JobState.Running => "running",
        JobState.Retryable => "retryable",
        JobState.Completed => "completed",
        JobState.Discarded => "discarded",
        JobState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown job state."),
    };

    /// <summary>Parses a lowercase (or any-case) state name.</summary>
    /// <exception cref="ArgumentException">The name is not a state.</exception>
    public static JobState ParseWireName(string name) =>
        Enum.TryParse<JobState>(name, ignoreCase: true, out var state) && Enum.IsDefined(state)
            ? state
            : throw new ArgumentException(
                $"'{name}' is not a job state; expected one of: {string.Join(", ", All.Select(s => s.ToWireName()))}.",
                nameof(name));
}
