using System.Globalization;
using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Restarts;
using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.Partitions;

/// <summary>
/// What a partition did to the runs of the workers it cut off, read from the ledgers (the store's final attempts only
/// to find stale completions): which runs it caught, when their handlers stopped, when other workers took their jobs
/// over, whether anything the cut-off workers did still counted, and when they worked again after healing.
/// </summary>
internal sealed record PartitionFigures
{
    /// <summary>Runs of the cut-off workers the partition caught: begun before it healed, not finished before it was in force.</summary>
    public required int Held { get; init; }

    /// <summary>Held runs whose handler was stopped (its token fired, or the lease check refused): a <c>stop</c> line.</summary>
    public required int Stopped { get; init; }

    /// <summary>Held runs whose handler finished its work while the lease was still sure: a <c>done</c> line.</summary>
    public required int Finished { get; init; }

    /// <summary>The latest end (stop or done) of a held run, in ms after the partition was in force.</summary>
    public required long LatestEndMs { get; init; }

    /// <summary>Held runs that ended later than the bound they were checked against, or never: described.</summary>
    public required List<string> EndedLate { get; init; }

    /// <summary>For each held run, the time from the partition's being in force to its job's next start; sorted.</summary>
    public required List<long> TakeoverMs { get; init; }

    /// <summary>
    /// For each held run the store rescued (its lease ran out: a <c>crashed</c> error for that attempt), the time from
    /// the partition's being in force to the rescue, by the rescuing leader's clock; sorted.
    /// </summary>
    public required List<long> RescueMs { get; init; }

    /// <summary>Held runs whose job was never started again.</summary>
    public required int NotTakenOver { get; init; }

    /// <summary>Held runs whose attempt is the job's final one in the store: a completion of a cut-off run was accepted.</summary>
    public required int StaleCompletions { get; init; }

    /// <summary>Effects of held runs applied later than a lease after the partition was in force.</summary>
    public required int LateEffects { get; init; }

    /// <summary>Effects the cut-off workers applied after another run of the same job had started.</summary>
    public required int EffectsAfterTakeover { get; init; }

    /// <summary>For each cut-off worker, ms from healing to the end of its first job begun after healing (null: none).</summary>
    public required Dictionary<int, long?> RecoveryMs { get; init; }

    /// <summary>
    /// The figures of <paramref name="history"/> for the workers <paramref name="cutOff"/>, cut off by
    /// <paramref name="partition"/>; a held run must end by the partition's being in force plus <paramref name="bound"/>.
    /// </summary>
    public static PartitionFigures Of(ChaosHistory history, IReadOnlySet<int> cutOff, LoopbackPartition partition, TimeSpan bound, TimeSpan lease)
    {
        var inForce = partition.InForceAt.ToUnixTimeMilliseconds();
        var healed = partition.HealedAt!.Value.ToUnixTimeMilliseconds();
        var ends = history.Events.Where(e => e.Kind is LedgerEventKind.Done or LedgerEventKind.Stop)
            .GroupBy(e => (e.JobId, e.Attempt, e.Pid))
            .ToDictionary(g => g.Key, g => g.MinBy(e => e.UnixMs));
        var execs = history.Events.Where(e => e.Kind == LedgerEventKind.Exec).ToList();
        var held = execs.Where(e => cutOff.Contains(e.Pid) && e.UnixMs < healed
                && !(ends.TryGetValue((e.JobId, e.Attempt, e.Pid), out var end) && end.Kind == LedgerEventKind.Done && end.UnixMs < inForce))
            .ToList();
        var endOf = held.ToDictionary(run => run, run => ends.TryGetValue((run.JobId, run.Attempt, run.Pid), out var end) ? end : (LedgerEvent?)null);
        var nextStart = held.ToDictionary(run => run, run => execs.Where(e => e.JobId == run.JobId && e.Attempt > run.Attempt).Select(e => (long?)e.UnixMs).Min());
        var effects = history.Events.Where(e => e.Kind == LedgerEventKind.Effect && e.Applied).ToList();
        return new PartitionFigures
        {
            Held = held.Count,
            Stopped = endOf.Values.Count(end => end?.Kind == LedgerEventKind.Stop),
            Finished = endOf.Values.Count(end => end?.Kind == LedgerEventKind.Done),
            LatestEndMs = endOf.Values.Select(end => end?.UnixMs - inForce ?? long.MaxValue).DefaultIfEmpty(0).Max(),
            EndedLate = [.. endOf.Where(pair => pair.Value is not { } end || end.UnixMs > inForce + (long)bound.TotalMilliseconds).Select(pair => Describe(pair.Key, pair.Value, inForce))],
            TakeoverMs = [.. nextStart.Values.OfType<long>().Select(at => at - inForce).Order()],
            RescueMs = [.. held.SelectMany(run => Rescues(history, run)).Select(at => at - inForce).Order()],
            NotTakenOver = nextStart.Values.Count(at => at is null),
            StaleCompletions = held.Count(run => history.Jobs.TryGetValue(run.JobId, out var job) && job.Attempt == run.Attempt),
            LateEffects = effects.Count(e => held.Any(run => Same(run, e)) && e.UnixMs > inForce + (long)lease.TotalMilliseconds),
            EffectsAfterTakeover = effects.Count(e => cutOff.Contains(e.Pid) && execs.Any(x => x.JobId == e.JobId && x.Attempt > e.Attempt && x.UnixMs <= e.UnixMs)),
            RecoveryMs = cutOff.ToDictionary(pid => pid, pid => RestartChecks.FirstResumed(history.Events, pid, healed) - healed),
        };
    }

    /// <summary>The figures as a report's notes.</summary>
    public string Describe(LoopbackPartition partition) => string.Create(
        CultureInfo.InvariantCulture,
        $"cut {(partition.HealedAt!.Value - partition.StartedAt).TotalMilliseconds:0} ms (rules in after {(partition.InForceAt - partition.StartedAt).TotalMilliseconds:0} ms); "
        + $"held at the cut {Held} (stopped {Stopped}, finished in lease {Finished}), latest end {LatestEndMs} ms after the cut; "
        + $"rescued {RescueMs.Count} (from the cut: min {RescueMs.FirstOrDefault()} / max {RescueMs.LastOrDefault()} ms), "
        + $"started again {TakeoverMs.Count} (min {TakeoverMs.FirstOrDefault()} / max {TakeoverMs.LastOrDefault()} ms), not taken over {NotTakenOver}; "
        + $"stale completions {StaleCompletions}, late effects {LateEffects}, effects after takeover {EffectsAfterTakeover}; "
        + $"recovery after healing {string.Join(", ", RecoveryMs.Values.Select(ms => ms?.ToString(CultureInfo.InvariantCulture) ?? "none"))} ms");

    private static IEnumerable<long> Rescues(ChaosHistory history, LedgerEvent run) =>
        history.Jobs.TryGetValue(run.JobId, out var job)
            ? job.Errors.Where(e => e.Attempt == run.Attempt && e.ExceptionType == "crashed").Select(e => e.At.ToUnixTimeMilliseconds())
            : [];

    private static bool Same(LedgerEvent run, LedgerEvent e) => run.JobId == e.JobId && run.Attempt == e.Attempt && run.Pid == e.Pid;

    private static string Describe(LedgerEvent run, LedgerEvent? end, long inForce) =>
        $"job {run.JobId} attempt {run.Attempt} on {run.Pid}, begun {run.UnixMs - inForce} ms after the cut: "
        + (end is { } e ? $"{e.Kind} {e.UnixMs - inForce} ms after the cut" : "never ended");
}
