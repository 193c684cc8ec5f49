using System.Globalization;
using Conveyor.Chaos.Tests.Harness;
using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.ClockSkew;

/// <summary>
/// One skewed worker's starts: how many it made (scheduled jobs among them), the earliest against its job's due time,
/// and how far its clock read from the store's when it started a job (its ledger's raw time minus the store's
/// <c>AttemptedAt</c>: its offset plus the short way from the claim to the handler).
/// </summary>
internal sealed record WorkerStarts
{
    /// <summary>The worker.</summary>
    public required SkewedWorker Worker { get; init; }

    /// <summary>Executions in its ledger.</summary>
    public required int Executions { get; init; }

    /// <summary>Of those, executions of scheduled jobs.</summary>
    public required int ScheduledExecutions { get; init; }

    /// <summary>Its earliest scheduled start minus due time (machine clock), in milliseconds; NaN when it ran none.</summary>
    public required double EarliestScheduledMs { get; init; }

    /// <summary>The smallest and largest reading of its clock minus the store's at a start, in milliseconds.</summary>
    public required (double Min, double Max) ClockAhead { get; init; }

    /// <summary>Starts whose clock reading is not its offset plus 0 to <see cref="SkewedStarts.ClaimToStartLimit"/>.</summary>
    public required IReadOnlyList<string> OffSkew { get; init; }

    /// <summary>
    /// Reads <paramref name="worker"/>'s <paramref name="execs"/> (times already on the machine's clock) against the
    /// store's records in <paramref name="history"/>.
    /// </summary>
    public static WorkerStarts Read(SkewedWorker worker, ChaosHistory history, IReadOnlyList<LedgerEvent> execs, IReadOnlyDictionary<long, DateTimeOffset> scheduled)
    {
        var offsetMs = worker.Offset.TotalMilliseconds;
        // The store's AttemptedAt is the latest attempt's: compare only the execution of that attempt.
        var ahead = execs
            .Where(e => history.Jobs.TryGetValue(e.JobId, out var job) && job.Attempt == e.Attempt && job.AttemptedAt is not null)
            .Select(e => (Exec: e, Ms: e.UnixMs + offsetMs - history.Jobs[e.JobId].AttemptedAt!.Value.ToUnixTimeMilliseconds()))
            .ToList();
        var limit = SkewedStarts.ClaimToStartLimit.TotalMilliseconds;
        return new WorkerStarts
        {
            Worker = worker,
            Executions = execs.Count,
            ScheduledExecutions = execs.Count(e => scheduled.ContainsKey(e.JobId)),
            EarliestScheduledMs = SkewedStarts.LedgerEarliest(execs.Where(e => scheduled.ContainsKey(e.JobId)), scheduled),
            ClockAhead = ahead.Count == 0 ? (double.NaN, double.NaN) : (ahead.Min(a => a.Ms), ahead.Max(a => a.Ms)),
            OffSkew = [.. ahead.Where(a => a.Ms - offsetMs < 0 || a.Ms - offsetMs > limit)
                .Select(a => $"job {a.Exec.JobId} on worker {worker.Process.Pid} ({worker.Skew}): its clock read {a.Ms} ms from the store's at the start")],
        };
    }

    /// <summary>One line for the test's output.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"worker {Worker.Process.Pid} ({Worker.Skew}): {Executions} runs ({ScheduledExecutions} scheduled), clock {ClockAhead.Min / 1000:0.000}–{ClockAhead.Max / 1000:0.000} s from the store's, earliest scheduled start due+{EarliestScheduledMs:0} ms");
}
