using System.Globalization;
using Conveyor.Chaos.Tests.Harness;
using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.ClockSkew;

/// <summary>
/// When a skewed run's jobs started against when they were due, read two independent ways: the store's own record
/// (<see cref="JobRecord.AttemptedAt"/> against <see cref="JobRecord.ScheduledAt"/>, both on the store's clock), and the
/// workers' ledgers, each line taken back to the machine's clock by its worker's known offset, against the due times the
/// test asked for. Also how far each worker's clock really read from the store's (its ledger's start against the
/// store's <c>AttemptedAt</c>), which shows the skew was in effect.
/// </summary>
internal sealed class SkewedStarts
{
    /// <summary>How long a worker may take from the store's claim to its handler's first line: a hang guard, far below the skews.</summary>
    public static readonly TimeSpan ClaimToStartLimit = TimeSpan.FromSeconds(10);

    private SkewedStarts(ChaosHistory corrected, IReadOnlyList<WorkerStarts> workers, IReadOnlyList<string> storeEarly, IReadOnlyList<string> ledgerEarly, double earliestStoreMs, double earliestLedgerMs)
    {
        Corrected = corrected;
        Workers = workers;
        StoreEarly = storeEarly;
        LedgerEarly = ledgerEarly;
        EarliestStoreMs = earliestStoreMs;
        EarliestLedgerMs = earliestLedgerMs;
    }

    /// <summary>The run's history with every ledger time taken back to the machine's clock, for the <see cref="Checker"/>.</summary>
    public ChaosHistory Corrected { get; }

    /// <summary>Each worker's starts.</summary>
    public IReadOnlyList<WorkerStarts> Workers { get; }

    /// <summary>Jobs the store says started before they were due.</summary>
    public IReadOnlyList<string> StoreEarly { get; }

    /// <summary>Executions a ledger says started (on the machine's clock) before the test's due time.</summary>
    public IReadOnlyList<string> LedgerEarly { get; }

    /// <summary>Of the scheduled jobs, the smallest <c>AttemptedAt − ScheduledAt</c> the store holds, in milliseconds.</summary>
    public double EarliestStoreMs { get; }

    /// <summary>Of the scheduled jobs' executions, the smallest start (ledger, machine clock) minus due time, in milliseconds.</summary>
    public double EarliestLedgerMs { get; }

    /// <summary>
    /// Reads <paramref name="history"/>: <paramref name="scheduled"/> are the scheduled jobs with the due times the test
    /// asked for (an immediate job is due when it was enqueued), <paramref name="workers"/> the run's workers.
    /// </summary>
    public static SkewedStarts Read(ChaosHistory history, IReadOnlyDictionary<long, DateTimeOffset> scheduled, IReadOnlyList<SkewedWorker> workers)
    {
        var byPid = workers.ToDictionary(w => w.Process.Pid);
        var corrected = history with { Events = [.. history.Events.Select(e => e with { UnixMs = byPid[e.Pid].OnMachineClock(e.UnixMs) })] };
        var due = history.Enqueues.Where(e => e.JobId is not null).ToDictionary(e => e.JobId!.Value, e => e.At);
        foreach (var (id, at) in scheduled)
        {
            due[id] = at;
        }

        var execs = corrected.Events.Where(e => e.Kind == LedgerEventKind.Exec).ToList();
        var storeEarly = history.Jobs.Values.Where(j => j.AttemptedAt < j.ScheduledAt)
            .Select(j => $"job {j.Id}: attempted {j.AttemptedAt:O}, scheduled {j.ScheduledAt:O} (store), lease owner {j.LeaseOwner}").ToList();
        var ledgerEarly = execs.Where(e => e.UnixMs < due[e.JobId].ToUnixTimeMilliseconds())
            .Select(e => $"job {e.JobId}: started at {e.UnixMs} on worker {byPid[e.Pid].Process.Pid} ({byPid[e.Pid].Skew}), due {due[e.JobId].ToUnixTimeMilliseconds()} ({e.UnixMs - due[e.JobId].ToUnixTimeMilliseconds()} ms)").ToList();
        var scheduledJobs = history.Jobs.Values.Where(j => scheduled.ContainsKey(j.Id) && j.AttemptedAt is not null).ToList();
        return new SkewedStarts(
            corrected,
            [.. workers.Select(w => WorkerStarts.Read(w, history, execs.Where(e => e.Pid == w.Process.Pid).ToList(), scheduled))],
            storeEarly,
            ledgerEarly,
            scheduledJobs.Count == 0 ? double.NaN : scheduledJobs.Min(j => (j.AttemptedAt!.Value - j.ScheduledAt).TotalMilliseconds),
            LedgerEarliest(execs.Where(e => scheduled.ContainsKey(e.JobId)), scheduled));
    }

    /// <summary>The figures for the test's output and report notes.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"earliest scheduled start after due: store {EarliestStoreMs:0.0} ms, ledger {EarliestLedgerMs:0} ms; ") + string.Join("; ", Workers.Select(w => w.Describe()));

    /// <summary>The smallest start minus due time of <paramref name="execs"/> (machine clock), in milliseconds; NaN for none.</summary>
    internal static double LedgerEarliest(IEnumerable<LedgerEvent> execs, IReadOnlyDictionary<long, DateTimeOffset> scheduled) =>
        execs.Select(e => (double)(e.UnixMs - scheduled[e.JobId].ToUnixTimeMilliseconds())).DefaultIfEmpty(double.NaN).Min();
}
