using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.Harness;

/// <summary>
/// The oracle: reads a run's <see cref="ChaosHistory"/> and counts what went wrong. What ran is taken from the workers'
/// ledgers and what was promised from the producers' records, never from the store under test; the store's final state
/// is only cross-checked (<see cref="ChaosFigures.NotCompletedInStore"/>).
/// </summary>
public static class Checker
{
    /// <summary>The figures of <paramref name="history"/>.</summary>
    public static ChaosFigures Check(ChaosHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var acknowledged = history.Enqueues.Where(e => e.Outcome == EnqueueOutcome.Ok && e.JobId is not null).Select(e => e.JobId!.Value).ToHashSet();
        var unknownOutcomes = history.Enqueues.Count(e => e.Outcome == EnqueueOutcome.Unknown);
        var execs = history.Events.Where(e => e.Kind == LedgerEventKind.Exec).OrderBy(e => e.UnixMs).ToList();
        var finished = history.Events.Where(e => e.Kind == LedgerEventKind.Done).Select(e => e.JobId).ToHashSet();
        var meant = acknowledged.Except(history.NotMeantToComplete).ToHashSet();
        var execsByJob = execs.GroupBy(e => e.JobId).ToDictionary(g => g.Key, g => g.ToList());

        var duplicates = execsByJob.Values.SelectMany(runs => runs.Zip(runs.Skip(1))).ToList();
        var recoveries = RecoveryLatencies(history, execsByJob);
        var dones = history.Events.Where(e => e.Kind == LedgerEventKind.Done).ToList();
        var span = dones.Count == 0 || execs.Count == 0 ? 0 : (dones.Max(e => e.UnixMs) - execs[0].UnixMs) / 1000.0;
        return new ChaosFigures
        {
            Acknowledged = acknowledged.Count,
            Lost = meant.Count(id => !finished.Contains(id)),
            Unexpected = Math.Max(0, execsByJob.Keys.Count(id => !acknowledged.Contains(id)) - unknownOutcomes),
            Executions = execs.Count,
            DuplicateExecutions = duplicates.Count,
            DuplicatesAttributable = duplicates.Count(pair => Attributable(history.Faults, pair.First, pair.Second)),
            SameAttemptTwice = duplicates.Count(pair => pair.First.Attempt == pair.Second.Attempt && !Released(history, pair.First, pair.Second)),
            DuplicateEffects = history.Events.Where(e => e.Kind == LedgerEventKind.Effect && e.Applied).GroupBy(e => e.JobId).Count(g => g.Count() > 1),
            NotCompletedInStore = meant.Count(id => history.Jobs.TryGetValue(id, out var job) && job.State != JobState.Completed),
            RecoveryP50Ms = Percentile(recoveries, 0.50),
            RecoveryP99Ms = Percentile(recoveries, 0.99),
            RecoveryMaxMs = recoveries.Count == 0 ? 0 : recoveries[^1],
            Recovered = recoveries.Count,
            Throughput = span <= 0 ? 0 : finished.Count / span,
            TimeToQuietMs = history.Faults.Count == 0 || dones.Count == 0 ? 0 : Math.Max(0, dones.Max(e => e.UnixMs) - history.Faults.Max(f => f.At.ToUnixTimeMilliseconds())),
        };
    }

    /// <summary>Up to <paramref name="max"/> duplicate executions no fault explains, described for a failure message.</summary>
    public static string Unattributed(ChaosHistory history, int max = 10)
    {
        ArgumentNullException.ThrowIfNull(history);
        var pairs = history.Events.Where(e => e.Kind == LedgerEventKind.Exec).OrderBy(e => e.UnixMs).GroupBy(e => e.JobId)
            .SelectMany(g => g.Zip(g.Skip(1)))
            .Where(pair => !Attributable(history.Faults, pair.First, pair.Second))
            .Take(max)
            .Select(pair => $"job {pair.First.JobId}: attempt {pair.First.Attempt} on {pair.First.Pid} at {pair.First.UnixMs}, then attempt {pair.Second.Attempt} on {pair.Second.Pid} at {pair.Second.UnixMs}");
        var faults = history.Faults.Select(f => $"{f.Kind} {f.Pid} at {f.At.ToUnixTimeMilliseconds()}");
        return $"Unexplained duplicates:\n{string.Join("\n", pairs)}\nFaults: {string.Join(", ", faults)}";
    }

    /// <summary>
    /// Whether <paramref name="earlier"/>'s worker was hit by a fault (kill, terminate, pause, a crash, or a partition in
    /// force) after that execution began and before <paramref name="later"/> began: the only reason the store may hand a
    /// job out again.
    /// </summary>
    public static bool Attributable(IReadOnlyList<FaultEvent> faults, LedgerEvent earlier, LedgerEvent later) =>
        FaultBetween(faults, earlier, later, HitsWorker);

    /// <summary>
    /// Whether <paramref name="earlier"/>'s worker gave the attempt back before <paramref name="later"/> began: it was
    /// told to shut down (SIGTERM), or its handler was stopped (a <c>stop</c> line: shutdown, or a lease it could no
    /// longer be sure of). Either ends the attempt as interrupted, charging nothing, so the next run has the same number.
    /// </summary>
    private static bool Released(ChaosHistory history, LedgerEvent earlier, LedgerEvent later) =>
        FaultBetween(history.Faults, earlier, later, kind => kind == FaultKind.Terminate)
        || history.Events.Any(e => e.Kind == LedgerEventKind.Stop && e.JobId == earlier.JobId && e.Attempt == earlier.Attempt
            && e.Pid == earlier.Pid && e.UnixMs >= earlier.UnixMs && e.UnixMs <= later.UnixMs);

    /// <summary>Whether a fault of <paramref name="kind"/> may cost its worker the leases it holds.</summary>
    private static bool HitsWorker(FaultKind kind) =>
        kind is FaultKind.Kill or FaultKind.Terminate or FaultKind.Pause or FaultKind.Crash or FaultKind.Partition;

    private static bool FaultBetween(IReadOnlyList<FaultEvent> faults, LedgerEvent earlier, LedgerEvent later, Func<FaultKind, bool> kinds)
    {
        ArgumentNullException.ThrowIfNull(faults);
        return faults.Any(f => f.Pid == earlier.Pid
            && kinds(f.Kind)
            && (f.Until ?? f.At).ToUnixTimeMilliseconds() >= earlier.UnixMs
            && f.At.ToUnixTimeMilliseconds() <= later.UnixMs);
    }

    /// <summary>
    /// For each job a fault caught running (started on the faulted worker before the fault, not finished there by
    /// then), the time from the fault to the job's next start; sorted.
    /// </summary>
    private static List<double> RecoveryLatencies(ChaosHistory history, Dictionary<long, List<LedgerEvent>> execsByJob)
    {
        var finishedAt = history.Events.Where(e => e.Kind == LedgerEventKind.Done).GroupBy(e => (e.JobId, e.Attempt, e.Pid)).ToDictionary(g => g.Key, g => g.Min(e => e.UnixMs));
        var latencies = new List<double>();
        foreach (var fault in history.Faults.Where(f => HitsWorker(f.Kind)))
        {
            var at = fault.At.ToUnixTimeMilliseconds();
            foreach (var runs in execsByJob.Values)
            {
                var caught = runs.FirstOrDefault(r => r.Pid == fault.Pid && r.UnixMs <= at && !(finishedAt.TryGetValue((r.JobId, r.Attempt, r.Pid), out var done) && done <= at));
                if (caught == default)
                {
                    continue;
                }

                var next = runs.FirstOrDefault(r => r.UnixMs >= at && r != caught && (r.Attempt > caught.Attempt || r.Pid != caught.Pid));
                if (next != default)
                {
                    latencies.Add(next.UnixMs - at);
                }
            }
        }

        latencies.Sort();
        return latencies;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
