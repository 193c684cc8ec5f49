using Conveyor.Chaos.Tests.Harness;
using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.Restarts;

/// <summary>
/// What a store restart may and may not do to a run, checked from the workers' ledgers and the producer's
/// acknowledgements (the store's own record is read only to confirm a rescue happened).
/// <para>
/// Nothing acknowledged may be lost, except what the server's documented durability lets a crash take back: with
/// <c>lossWindow</c> zero (PostgreSQL, whose commits are flushed before they are acknowledged; Redis with
/// <c>appendfsync always</c>) nothing; with Redis <c>everysec</c>, writes acknowledged in the window before the kill.
/// </para>
/// <para>
/// A job may run again only for one of two reasons. (1) Its earlier attempt's lease ran out across an outage: the
/// worker retries a completion until it lands and renews its leases meanwhile, so an outage longer than what is left of
/// a lease lets the leader rescue the attempt; the rescue charges it (the next run has a higher attempt) and the store
/// records it as <c>crashed</c>. The earlier run must have begun before the server was back, and must not have finished
/// long before the outage began, since a completion is written within moments of its handler's end — except one the
/// kill may take back, within <c>lossWindow</c>. A fetch whose answer the outage cut is not a duplicate: its job is
/// leased to a worker that never saw it and runs once, after the lease runs out. (2) With <c>everysec</c> only: the kill
/// took back the fetch itself, so the same attempt runs again; its first run began in the window before the kill.
/// Anything else (the same attempt twice where nothing may be lost, a job re-run whose completion was acknowledged
/// before the window) is unexplained and fails the test.
/// </para>
/// </summary>
internal static class RestartChecks
{
    /// <summary>
    /// The most a handler's <c>done</c> line is taken to precede its completion's acknowledgement: completions are
    /// batched and written at once, in milliseconds on loopback; a second is the margin for a loaded machine.
    /// </summary>
    public static readonly TimeSpan CompletionSlack = TimeSpan.FromSeconds(1);

    /// <summary>The restart figures of a run whose reused ids were separated (<see cref="ReusedIds"/>).</summary>
    public static RestartFigures Check(
        ChaosHistory history, IReadOnlyList<(long Id, DateTimeOffset At)> acknowledged, IReadOnlyList<StoreOutage> outages, TimeSpan lossWindow, IReadOnlyCollection<int> workers)
    {
        var execs = history.Events.Where(e => e.Kind == LedgerEventKind.Exec).OrderBy(e => e.UnixMs).ToList();
        var doneAt = history.Events.Where(e => e.Kind == LedgerEventKind.Done).GroupBy(e => (e.JobId, e.Attempt, e.Pid)).ToDictionary(g => g.Key, g => g.Min(e => e.UnixMs));
        var finished = history.Events.Where(e => e.Kind == LedgerEventKind.Done).Select(e => e.JobId).ToHashSet();
        var acknowledgedIds = acknowledged.Select(a => a.Id).ToHashSet();
        var rescued = history.Jobs.Values.SelectMany(j => j.Errors.Where(e => e.ExceptionType == "crashed").Select(e => (j.Id, e.Attempt))).ToHashSet();

        bool InWindow(DateTimeOffset at) => lossWindow > TimeSpan.Zero && outages.Any(o => at >= o.Down - lossWindow && at < o.Up);
        var takenBack = acknowledged.Where(a => !history.Jobs.ContainsKey(a.Id)).ToList();
        var forgivable = takenBack.Where(a => InWindow(a.At)).Select(a => a.Id).ToHashSet();

        bool LeaseRanOut(LedgerEvent earlier, LedgerEvent later) =>
            later.Attempt > earlier.Attempt && rescued.Contains((earlier.JobId, earlier.Attempt)) && outages.Any(o =>
                earlier.UnixMs < o.UpMs && later.UnixMs >= o.UpMs
                && !(doneAt.TryGetValue((earlier.JobId, earlier.Attempt, earlier.Pid), out var done)
                    && done < (o.Down - lossWindow - CompletionSlack).ToUnixTimeMilliseconds()));
        bool FetchTakenBack(LedgerEvent earlier, LedgerEvent later) =>
            lossWindow > TimeSpan.Zero && later.Attempt == earlier.Attempt && outages.Any(o =>
                earlier.UnixMs >= (o.Down - lossWindow).ToUnixTimeMilliseconds() && earlier.UnixMs < o.UpMs && later.UnixMs >= o.UpMs);

        var ran = execs.Select(e => (e.JobId, e.Attempt)).ToHashSet();
        var pairs = execs.GroupBy(e => e.JobId).SelectMany(g => g.Zip(g.Skip(1))).ToList();
        var resumes = outages.SelectMany(o => workers.Select(pid => (o, pid, at: FirstResumed(history.Events, pid, o.UpMs)))).ToList();
        return new RestartFigures
        {
            Outages = outages,
            UnknownOutcomes = history.Enqueues.Count(e => e.Outcome == EnqueueOutcome.Unknown),
            UnknownThatLanded = execs.Select(e => e.JobId).Distinct().Count(id => !acknowledgedIds.Contains(id)),
            TakenBack = [.. takenBack.Select(a => a.Id)],
            TakenBackBeyondBound = [.. takenBack.Where(a => !forgivable.Contains(a.Id)).Select(a => a.Id)],
            LostBeyondBound = [.. acknowledgedIds.Where(id => !finished.Contains(id) && !forgivable.Contains(id))],
            AfterLeaseRanOut = pairs.Count(p => LeaseRanOut(p.First, p.Second)),
            AfterFetchTakenBack = pairs.Count(p => !LeaseRanOut(p.First, p.Second) && FetchTakenBack(p.First, p.Second)),
            Unexplained = [.. pairs.Where(p => !LeaseRanOut(p.First, p.Second) && !FetchTakenBack(p.First, p.Second)).Select(Describe)],
            Rescues = rescued.Count,
            RescuedUnrun = rescued.Count(r => !ran.Contains(r)),
            ResumeMs = [.. resumes.Where(r => r.at is not null).Select(r => r.at!.Value - r.o.UpMs).Order()],
            NeverResumed = [.. resumes.Where(r => r.at is null).Select(r => $"{r.o.Number}/{r.pid}")],
        };
    }

    /// <summary>
    /// When worker <paramref name="pid"/> first finished a job it began at or after <paramref name="upMs"/> (a job it
    /// fetched from the server once it was back), by the ledger lines <paramref name="events"/>; null if it has not.
    /// </summary>
    public static long? FirstResumed(IReadOnlyCollection<LedgerEvent> events, int pid, long upMs)
    {
        var began = events.Where(e => e.Kind == LedgerEventKind.Exec && e.Pid == pid && e.UnixMs >= upMs).Select(e => (e.JobId, e.Attempt)).ToHashSet();
        return events.Where(e => e.Kind == LedgerEventKind.Done && e.Pid == pid && began.Contains((e.JobId, e.Attempt))).Select(e => (long?)e.UnixMs).Min();
    }

    private static string Describe((LedgerEvent First, LedgerEvent Second) pair) =>
        $"job {pair.First.JobId}: attempt {pair.First.Attempt} on {pair.First.Pid} at {pair.First.UnixMs}, then attempt {pair.Second.Attempt} on {pair.Second.Pid} at {pair.Second.UnixMs}";
}
