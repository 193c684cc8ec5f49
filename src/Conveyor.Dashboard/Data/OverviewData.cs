using System.Text.Json.Nodes;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Data;

/// <summary>
/// The overview's numbers as JSON (<c>api/overview</c>): job counts per state, worker utilisation from the node
/// registry, and per-minute series of the last hour from the stored statistics: depth per queue, processed and failed
/// attempts, error rate, and latency percentiles read from the duration buckets.
/// </summary>
internal static class OverviewData
{
    /// <summary>How many minutes the charts show.</summary>
    public const int Minutes = 60;

    /// <summary>Reads the store and builds the JSON.</summary>
    public static async Task<JsonObject> ReadAsync(DashboardServices services, CancellationToken ct)
    {
        var now = services.Time.GetUtcNow();
        var counts = (await services.Admin.CountJobsAsync(new CountJobsRequest(), ct).ConfigureAwait(false)).Counts;
        var nodes = (await services.Admin.ListNodesAsync(new ListNodesRequest { SeenSince = now.AddHours(-1) }, ct).ConfigureAwait(false)).Nodes;
        var first = QueueMinute.StartOf(now).AddMinutes(-(Minutes - 1));
        var minutes = services.Stats is null
            ? []
            : (await services.Stats.ListStatsAsync(new ListStatsRequest { Since = first }, ct).ConfigureAwait(false)).Minutes;
        return new JsonObject
        {
            ["now"] = now.ToUnixTimeSeconds(),
            ["counts"] = Counts(counts),
            ["workers"] = Workers(nodes, now),
            ["series"] = Series(minutes, first),
        };
    }

    private static JsonObject Counts(IReadOnlyList<QueueStateCount> counts)
    {
        var json = new JsonObject();
        foreach (var state in JobStates.All)
        {
            json[state.ToWireName()] = counts.Where(c => c.State == state).Sum(c => c.Count);
        }

        return json;
    }

    private static JsonObject Workers(IReadOnlyList<NodeInfo> nodes, DateTimeOffset now)
    {
        var alive = nodes.Where(n => n.IsAlive(now)).ToList();
        var slots = alive.Sum(WorkerSlots.Of);
        var busy = alive.Sum(n => n.Busy);
        return new JsonObject
        {
            ["alive"] = alive.Count,
            ["dead"] = nodes.Count - alive.Count,
            ["busy"] = busy,
            ["slots"] = slots,
            ["utilisation"] = slots == 0 ? null : Math.Round((double)busy / slots, 4),
        };
    }

    private static JsonObject Series(IReadOnlyList<QueueMinute> stored, DateTimeOffset first)
    {
        var times = new JsonArray();
        var processed = new JsonArray();
        var failed = new JsonArray();
        var errorRate = new JsonArray();
        var p50 = new JsonArray();
        var p95 = new JsonArray();
        var p99 = new JsonArray();
        var depth = new JsonObject();
        var queues = stored.Select(m => m.Queue).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var byQueue = queues.ToDictionary(q => q, _ => new JsonArray(), StringComparer.Ordinal);
        for (var i = 0; i < Minutes; i++)
        {
            var minute = first.AddMinutes(i);
            var these = stored.Where(m => m.Minute == minute).ToList();
            var done = these.Sum(m => m.Processed);
            var errors = these.Sum(m => m.Failed);
            var buckets = Enumerable.Range(0, DurationBuckets.Count).Select(b => these.Sum(m => b < m.Durations.Count ? m.Durations[b] : 0)).ToList();
            times.Add(minute.ToUnixTimeSeconds());
            processed.Add(done);
            failed.Add(errors);
            errorRate.Add(done == 0 ? null : Math.Round((double)errors / done, 4));
            p50.Add(DurationBuckets.Percentile(buckets, 0.50));
            p95.Add(DurationBuckets.Percentile(buckets, 0.95));
            p99.Add(DurationBuckets.Percentile(buckets, 0.99));
            foreach (var queue in queues)
            {
                byQueue[queue].Add(these.FirstOrDefault(m => m.Queue == queue)?.Depth);
            }
        }

        foreach (var (queue, values) in byQueue)
        {
            depth[queue] = values;
        }

        return new JsonObject
        {
            ["minutes"] = times,
            ["processed"] = processed,
            ["failed"] = failed,
            ["errorRate"] = errorRate,
            ["p50"] = p50,
            ["p95"] = p95,
            ["p99"] = p99,
            ["depth"] = depth,
        };
    }
}
