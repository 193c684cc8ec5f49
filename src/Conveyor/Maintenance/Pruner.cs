using Conveyor.Storage;

namespace Conveyor.Maintenance;

/// <summary>
/// Deletes finished jobs past their state's retention (a queue's own, where it has one), the per-minute statistics
/// past theirs, the records of batches closed longer ago than the longest global retention, and the alerts resolved
/// longer ago than <see cref="ConveyorOptions.AlertRetention"/>, in small batches so the hot path never waits on it.
/// </summary>
internal sealed class Pruner(IJobStore store, TimeProvider time, ConveyorOptions options) : MaintenanceTask
{
    private const int BatchSize = 1000;

    public override TimeSpan Interval => options.PruneInterval;

    public override string Name => "pruner";

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var state in JobStates.Final)
        {
            // Queues with a retention of their own for this state first, then every other queue with the global one.
            var own = options.QueueRetention.Where(q => q.Value.For(state) is not null).ToList();
            foreach (var (queue, retention) in own)
            {
                await PruneAsync(new DeleteFinalizedRequest { State = state, FinalizedBefore = now - retention.For(state)!.Value, Limit = BatchSize, Queue = queue }, ct).ConfigureAwait(false);
            }

            var except = own.Select(q => q.Key).ToList();
            await PruneAsync(new DeleteFinalizedRequest { State = state, FinalizedBefore = now - GlobalRetention(state), Limit = BatchSize, ExceptQueues = except }, ct).ConfigureAwait(false);
        }

        if (store is IStatsStore stats)
        {
            var before = now - options.StatsRetention;
            await PruneAsync(ct => stats.DeleteStatsAsync(new DeleteStatsRequest { Before = before, Limit = BatchSize }, ct), ct).ConfigureAwait(false);
        }

        if (store is IBatchStore batches)
        {
            var closedBefore = now - JobStates.Final.Max(GlobalRetention);
            await PruneAsync(ct => batches.DeleteClosedBatchesAsync(new DeleteClosedBatchesRequest { ClosedBefore = closedBefore, Limit = BatchSize }, ct), ct).ConfigureAwait(false);
        }

        if (store is IAlertStore alerts)
        {
            var resolvedBefore = now - options.AlertRetention;
            await PruneAsync(ct => alerts.DeleteResolvedAlertsAsync(new DeleteResolvedAlertsRequest { ResolvedBefore = resolvedBefore, Limit = BatchSize }, ct), ct).ConfigureAwait(false);
        }
    }

    private TimeSpan GlobalRetention(JobState state) => state switch
    {
        JobState.Completed => options.CompletedRetention,
        JobState.Cancelled => options.CancelledRetention,
        _ => options.DiscardedRetention,
    };

    private Task PruneAsync(DeleteFinalizedRequest request, CancellationToken ct) =>
        PruneAsync(ct => store.DeleteFinalizedAsync(request, ct), ct);

    /// <summary>Deletes batch after batch until one comes back short.</summary>
    private static async Task PruneAsync(Func<CancellationToken, ValueTask<DeleteFinalizedResult>> deleteBatch, CancellationToken ct)
    {
        DeleteFinalizedResult result;
        do
        {
            result = await deleteBatch(ct).ConfigureAwait(false);
        }
        while (result.Deleted == BatchSize && !ct.IsCancellationRequested);
    }
}
