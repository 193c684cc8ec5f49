using Conveyor.Storage;

namespace Conveyor.Runtime;

/// <summary>
/// One run a rate limit admitted, and the promise that makes the limit hold for handler starts, not only for the
/// store's count: the store counts each take in a window <see cref="StartWithin"/> + <see cref="StepToHandler"/>
/// longer than the period, and the last check before the handler must pass within <see cref="StartWithin"/> of the
/// moment the worker asked for the take, less the time the take queued in the store for its key's turn before it was
/// counted; the step from that check to the handler's own first line (middleware, resolving the handler in its scope)
/// is allowed <see cref="StepToHandler"/>. A start then lies within <see cref="StartWithin"/> +
/// <see cref="StepToHandler"/> after the store counted it, so any period of handler starts, on any worker, falls inside
/// one counted window: at most the limit.
/// <para>
/// A run too late hands its take back (<see cref="Take"/>, <see cref="IRateLimitStore.ReleaseAsync"/>), so its slot is
/// not lost to the limit, and may take again at once (<see cref="Again"/>) and be checked again; a run given up in the
/// end (the job snoozes, no attempt charged) has handed its last take back. That keeps the promise. A released take is
/// one whose handler never started: the release follows the decision not to start, so no start can follow it. So every
/// handler start still lies within <see cref="StartWithin"/> + <see cref="StepToHandler"/> after a take the store still
/// counts, a distinct one for each start, as each run holds its own take. Take any period of starts [s, s + P): their
/// takes, all still counted, lie in [s − <see cref="StartWithin"/> − <see cref="StepToHandler"/>, s + P), one counted
/// window, which never holds more than the limit; releases only ever take takes out of a window. A release that fails
/// leaves its take counted: the safe side (one run lost to the limit, never one too many).
/// </para>
/// </summary>
/// <param name="AskedAt">The worker's timestamp (<see cref="TimeProvider.GetTimestamp"/>) just before the successful take.</param>
/// <param name="Queued">How long the store says the take waited for the key's turn before it was counted (none of it after).</param>
/// <param name="Retry">How long a given-up run's job waits before it asks again.</param>
/// <param name="Request">The take's request (key, limit, counted window), to take again with.</param>
/// <param name="Token">The take's token, to hand it back with.</param>
internal sealed record RateLimitAdmission(long AskedAt, TimeSpan Queued, TimeSpan Retry, RateLimitRequest Request, RateLimitToken Token)
{
    /// <summary>How soon after asking the last check before a handler must pass.</summary>
    public static readonly TimeSpan StartWithin = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// What the counted window allows for the step from that check to the handler's first line. A fully used limit
    /// puts pairs of takes exactly a counted window apart, so without it a thread paused between the check and the
    /// handler would put two starts less than a period apart (measured on a loaded 2-core machine: that step is under
    /// 1 ms at p99 but reached 12 ms).
    /// </summary>
    public static readonly TimeSpan StepToHandler = TimeSpan.FromMilliseconds(15);

    /// <summary>The window the store counts takes in for a limit of <paramref name="period"/>: the period, <see cref="StartWithin"/> and <see cref="StepToHandler"/>.</summary>
    public static TimeSpan CountedWindow(TimeSpan period) => period + StartWithin + StepToHandler;

    /// <summary>Whether the handler may still start now: within <see cref="StartWithin"/> of the earliest the store can have counted the run.</summary>
    public bool InTime(TimeProvider time) => time.GetElapsedTime(AskedAt) - Queued <= StartWithin;

    /// <summary>What hands the take back to the store (<see cref="IRateLimitStore.ReleaseAsync"/>) when its run is given up.</summary>
    public RateLimitRelease Take => new() { Key = Request.Key, Token = Token };

    /// <summary>The same run admitted again by a new take, asked for at <paramref name="askedAt"/>, in place of this one.</summary>
    public RateLimitAdmission Again(long askedAt, RateLimitResult taken) => this with { AskedAt = askedAt, Queued = taken.Queued, Token = taken.Token };

    /// <summary>The outcome of a run given up for starting too late: ask again shortly, no attempt charged.</summary>
    public ExecutionOutcome GiveUp() => new ExecutionOutcome.SnoozeRequested(Retry);
}
