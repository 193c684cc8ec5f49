using System.Data.Common;
using Conveyor.Diagnostics;
using Conveyor.Storage;

namespace Conveyor.Cli.Output;

/// <summary>
/// What <c>conveyor stats</c> shows at one moment: job counts per queue × state, and each queue's attempts in the last
/// whole minute from the store's per-minute statistics (the current minute is still being written by the workers).
/// </summary>
internal sealed record StatsSnapshot(StateCounts Counts, DateTimeOffset Minute, IReadOnlyDictionary<string, QueueMinute>? LastMinute)
{
    /// <summary>
    /// Reads the counts, and the last whole minute before <paramref name="now"/> when the store keeps statistics; a
    /// database whose schema predates them (migrated down, or not yet up) still shows its counts, with no minute.
    /// </summary>
    public static async Task<StatsSnapshot> ReadAsync(IJobAdminStore admin, IStatsStore? stats, DateTimeOffset now, CancellationToken ct)
    {
        var counts = await StateCounts.ReadAsync(admin, ct);
        var minute = QueueMinute.StartOf(now).AddMinutes(-1);
        if (stats is null)
        {
            return new StatsSnapshot(counts, minute, null);
        }

        IReadOnlyList<QueueMinute> rows;
        try
        {
            rows = (await stats.ListStatsAsync(new ListStatsRequest { Since = minute }, ct)).Minutes;
        }
        catch (DbException)
        {
            return new StatsSnapshot(counts, minute, null);
        }

        var lastMinute = new Dictionary<string, QueueMinute>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.Minute == minute))
        {
            lastMinute[row.Queue] = row;
        }

        return new StatsSnapshot(counts, minute, lastMinute);
    }

    /// <summary>Attempts of <paramref name="queue"/> that ended in the last whole minute, and how many of them failed; null without statistics.</summary>
    public (long Processed, long Failed)? RateOf(string queue) =>
        LastMinute is null ? null : LastMinute.TryGetValue(queue, out var row) ? (row.Processed, row.Failed) : (0, 0);

    /// <summary>The same over every queue.</summary>
    public (long Processed, long Failed)? TotalRate() =>
        LastMinute is null ? null : (LastMinute.Values.Sum(r => r.Processed), LastMinute.Values.Sum(r => r.Failed));
}
