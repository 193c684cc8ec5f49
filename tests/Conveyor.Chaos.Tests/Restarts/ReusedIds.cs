using Conveyor.Chaos.Tests.Harness;

namespace Conveyor.Chaos.Tests.Restarts;

/// <summary>
/// A Redis kill under <c>appendfsync everysec</c> may take back an acknowledged enqueue, and the id counter with it, so
/// an enqueue after the restart may be given the same id. Such an id names two jobs; this splits them so the checker
/// sees each: every generation but the last is renamed (a negative id) in the enqueue records, the acknowledgements and
/// the ledger lines written before the server came back from the kill that took it back. Where nothing acknowledged may
/// be lost, an id acknowledged twice is itself a loss, and the tests assert there is none.
/// </summary>
internal static class ReusedIds
{
    /// <summary>The ids acknowledged more than once.</summary>
    public static HashSet<long> Find(IReadOnlyList<(long Id, DateTimeOffset At)> acknowledged) =>
        [.. acknowledged.GroupBy(a => a.Id).Where(g => g.Count() > 1).Select(g => g.Key)];

    /// <summary><paramref name="history"/> and <paramref name="acknowledged"/> with every reused id's earlier jobs renamed.</summary>
    public static (ChaosHistory History, List<(long Id, DateTimeOffset At)> Acknowledged) Separate(
        ChaosHistory history, IReadOnlyList<(long Id, DateTimeOffset At)> acknowledged, IReadOnlyList<StoreOutage> outages)
    {
        var reused = Find(acknowledged);
        if (reused.Count == 0)
        {
            return (history, [.. acknowledged]);
        }

        // An id's k-th job lasts until the server is back from the first outage not over at its k-th acknowledgement.
        var ends = reused.ToDictionary(id => id, id => acknowledged.Where(a => a.Id == id).Select(a => outages.FirstOrDefault(o => o.Up > a.At)?.UpMs ?? long.MaxValue).ToList());
        long Renamed(long id, int generation) => generation >= 0 && generation < ends[id].Count - 1 ? -(id * 16 + generation + 1) : id;
        long RenameLine(long id, long unixMs) => ends.ContainsKey(id) ? Renamed(id, ends[id].FindIndex(end => unixMs < end)) : id;
        var seen = new Dictionary<long, int>();
        long RenameNext(long id) => ends.ContainsKey(id) ? Renamed(id, seen[id] = seen.GetValueOrDefault(id, -1) + 1) : id;

        var enqueues = history.Enqueues.OrderBy(e => e.At).Select(e => e.JobId is { } id ? e with { JobId = RenameNext(id) } : e).ToList();
        seen.Clear();
        var acks = acknowledged.Select(a => (RenameNext(a.Id), a.At)).ToList();
        var events = history.Events.Select(e => e with { JobId = RenameLine(e.JobId, e.UnixMs) }).ToList();
        return (history with { Enqueues = enqueues, Events = events }, acks);
    }
}
