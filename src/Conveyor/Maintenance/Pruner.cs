using Conveyor.Storage;

namespace Conveyor.Maintenance;

/// <summary>Deletes finished jobs past their state's retention, in small batches so the hot path never waits on it.</summary>
internal sealed class Pruner(IJobStore store, TimeProvider time, ConveyorOptions options) : MaintenanceTask
{
    private const int BatchSize = 1000;

    public override TimeSpan Interval => options.PruneInterval;

    public override string Name => "pruner";

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await PruneAsync(JobState.Completed, now - options.CompletedRetention, ct).ConfigureAwait(false);
        await PruneAsync(JobState.Cancelled, now - options.CancelledRetention, ct).ConfigureAwait(false);
        await PruneAsync(JobState.Discarded, now - options.DiscardedRetention, ct).ConfigureAwait(false);
    }

    private async Task PruneAsync(JobState state, DateTimeOffset before, CancellationToken ct)
    {
        DeleteFinalizedResult result;
        do
        {
            result = await store.DeleteFinalizedAsync(new DeleteFinalizedRequest { State = state, FinalizedBefore = before, Limit = BatchSize }, ct).ConfigureAwait(false);
        }
        while (result.Deleted == BatchSize && !ct.IsCancellationRequested);
    }
}
