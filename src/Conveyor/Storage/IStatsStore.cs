namespace Conveyor.Storage;

/// <summary>
/// Per-minute statistics per queue, kept in the store (bounded by retention) so that charts show the last day after
/// a restart. Every node adds what it processed in a minute into that minute's row (counts and duration buckets sum
/// across nodes); the leader sets the minute's depth.
/// </summary>
public interface IStatsStore
{
    /// <summary>
    /// Adds each minute's counts and duration buckets into the stored minute of its queue (creating it), and sets its
    /// depth where the request has one; atomic per minute under concurrent writers.
    /// </summary>
    ValueTask RecordStatsAsync(RecordStatsRequest request, CancellationToken ct);

    /// <summary>The stored minutes from a time on, by queue, then minute.</summary>
    ValueTask<ListStatsResult> ListStatsAsync(ListStatsRequest request, CancellationToken ct);

    /// <summary>Deletes the minutes before a cutoff, at most a limit of them.</summary>
    ValueTask<DeleteFinalizedResult> DeleteStatsAsync(DeleteStatsRequest request, CancellationToken ct);
}
