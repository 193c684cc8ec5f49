using System.Globalization;
using Conveyor.Storage;

namespace Conveyor.Health;

/// <summary>
/// Evaluates <see cref="HealthRules"/> against the store: counts per queue, the per-minute statistics of the window,
/// the live worker nodes and the recurring schedules. Reads only; the health check and the alerts use it.
/// </summary>
public sealed partial class HealthEvaluator(IJobAdminStore admin, IStatsStore? stats, IScheduleStore? schedules, TimeProvider time)
{
    /// <summary>Every rule's findings now; empty when all is well.</summary>
    public async Task<IReadOnlyList<HealthFinding>> EvaluateAsync(HealthRules rules, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var now = time.GetUtcNow();
        var findings = new List<HealthFinding>();
        var available = (await admin.CountJobsAsync(new CountJobsRequest(), ct).ConfigureAwait(false)).Counts
            .Where(c => c.State == JobState.Available)
            .GroupBy(c => c.Queue, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Count), StringComparer.Ordinal);

        foreach (var (queue, depth) in available)
        {
            if ((rules.Queues.GetValueOrDefault(queue)?.MaxDepth ?? rules.MaxDepth) is { } max && depth > max)
            {
                findings.Add(new HealthFinding("depth", queue, true, $"Queue {queue} has {depth.ToString("N0", CultureInfo.InvariantCulture)} jobs waiting, over {max.ToString("N0", CultureInfo.InvariantCulture)}."));
            }
        }

        if (rules.RequireLiveWorker)
        {
            await NoLiveWorkerAsync(available, now, findings, ct).ConfigureAwait(false);
        }

        if (stats is not null)
        {
            var minutes = (await stats.ListStatsAsync(new ListStatsRequest { Since = now - rules.Window }, ct).ConfigureAwait(false)).Minutes;
            Rates(rules, minutes, available, findings);
        }

        if (schedules is not null && (rules.MaxRecurringLag is not null || rules.RecurringSuccessGrace is not null))
        {
            await RecurringAsync(rules, now, findings, ct).ConfigureAwait(false);
        }

        return findings;
    }

    private async Task NoLiveWorkerAsync(Dictionary<string, long> available, DateTimeOffset now, List<HealthFinding> findings, CancellationToken ct)
    {
        var nodes = (await admin.ListNodesAsync(new ListNodesRequest { SeenSince = now - NodeInfo.HeartbeatInterval * 3 }, ct).ConfigureAwait(false)).Nodes;
        var worked = nodes.Where(n => n.IsAlive(now))
            .SelectMany(n => n.Queues.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(q => q.Split('=')[0]))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (queue, depth) in available.Where(q => q.Value > 0 && !worked.Contains(q.Key)))
        {
            findings.Add(new HealthFinding("no_worker", queue, true, $"Queue {queue} has {depth.ToString("N0", CultureInfo.InvariantCulture)} jobs waiting and no live worker works it."));
        }
    }

    private static void Rates(HealthRules rules, IReadOnlyList<QueueMinute> minutes, Dictionary<string, long> available, List<HealthFinding> findings)
    {
        var window = rules.Window.TotalMinutes;
        foreach (var queue in minutes.GroupBy(m => m.Queue, StringComparer.Ordinal))
        {
            var processed = queue.Sum(m => m.Processed);
            var failed = queue.Sum(m => m.Failed);
            var discarded = queue.Sum(m => m.Discarded);
            if (rules.MaxErrorRate is { } maxRate && processed >= rules.MinAttemptsForErrorRate && (double)failed / processed > maxRate)
            {
                findings.Add(new HealthFinding("error_rate", queue.Key, false, $"Queue {queue.Key}: {failed} of {processed} attempts failed in the last {window:0} minutes ({(double)failed / processed:P1}), over {maxRate:P1}."));
            }

            if (rules.MaxDiscarded is { } maxDiscarded && discarded > maxDiscarded)
            {
                findings.Add(new HealthFinding("dead_letters", queue.Key, false, $"Queue {queue.Key}: {discarded} jobs dead-lettered in the last {window:0} minutes, over {maxDiscarded}."));
            }
        }

        foreach (var (queue, queueRules) in rules.Queues)
        {
            if (rules.MinRateFraction is { } fraction && queueRules.ExpectedPerMinute is { } expected && available.GetValueOrDefault(queue) > 0)
            {
                var perMinute = minutes.Where(m => m.Queue == queue).Sum(m => m.Processed) / window;
                if (perMinute < expected * fraction)
                {
                    findings.Add(new HealthFinding("rate_drop", queue, false, $"Queue {queue} processed {perMinute:0.#} jobs a minute over the last {window:0} minutes, under {fraction:P0} of the expected {expected:0.#}, while jobs wait."));
                }
            }
        }
    }
}
