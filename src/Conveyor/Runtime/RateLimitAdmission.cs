using Conveyor.Storage;

namespace Conveyor.Runtime;

/// <summary>
/// One run a rate limit admitted, and the promise that makes the limit hold for handler starts, not only for the
/// store's count: the store counts each take in a window <see cref="StartWithin"/> longer than the period, and the
/// handler must start within <see cref="StartWithin"/> of the moment the worker asked for the take, less the time the
/// take queued in the store for its key's turn before it was counted, or the run is given up (the job snoozes, no
/// attempt charged). A start then lies within <see cref="StartWithin"/> after the store counted it, so any period of
/// handler starts, on any worker, falls inside one counted window: at most the limit.
/// <para>
/// A given-up run hands its take back (<see cref="Take"/>, <see cref="IRateLimitStore.ReleaseAsync"/>), so its slot is
/// used by another run instead of being lost to the limit. That keeps the promise: a released take is one whose
/// handler never started, so every handler start still lies within <see cref="StartWithin"/> after a take the store
/// still counts — a distinct one for each start, as each run holds its own take. Take any period of starts [s, s + P):
/// their takes, all still counted, lie in [s − <see cref="StartWithin"/>, s + P), one counted window of
/// P + <see cref="StartWithin"/>, which never holds more than the limit; releases only ever shrink it. The release
/// comes after the decision not to start, so no start can follow it; if it fails, the take stays counted, which is the
/// safe side (one run lost to the limit, never one too many).
/// </para>
/// </summary>
/// <param name="AskedAt">The worker's timestamp (<see cref="TimeProvider.GetTimestamp"/>) just before the successful take.</param>
/// <param name="Queued">How long the store says the take waited for the key's turn before it was counted (none of it after).</param>
/// <param name="Retry">How long a given-up run's job waits before it asks again.</param>
/// <param name="Take">What hands the take back to the store if the run is given up: its key and token.</param>
internal sealed record RateLimitAdmission(long AskedAt, TimeSpan Queued, TimeSpan Retry, RateLimitRelease Take)
{
    /// <summary>How soon after asking a handler must start; the store's window is the period plus this.</summary>
    public static readonly TimeSpan StartWithin = TimeSpan.FromMilliseconds(20);

    /// <summary>The window the store counts takes in for a limit of <paramref name="period"/>.</summary>
    public static TimeSpan CountedWindow(TimeSpan period) => period + StartWithin;

    /// <summary>Whether the handler may still start now: within <see cref="StartWithin"/> of the earliest the store can have counted the run.</summary>
    public bool InTime(TimeProvider time) => time.GetElapsedTime(AskedAt) - Queued <= StartWithin;

    /// <summary>The outcome of a run given up for starting too late: ask again shortly, no attempt charged.</summary>
    public ExecutionOutcome GiveUp() => new ExecutionOutcome.SnoozeRequested(Retry);
}
