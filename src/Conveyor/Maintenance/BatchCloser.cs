using Conveyor.Runtime;
using Conveyor.Storage;

namespace Conveyor.Maintenance;

/// <summary>
/// The leader's batch round: closes the batches whose jobs have all finished, which releases (or cancels) their held
/// callbacks in the store, and wakes this node's producers for the released callbacks' queues. A leader that dies
/// mid-round leaves the rest open for the next one; the store closes each batch once.
/// </summary>
internal sealed class BatchCloser(IBatchStore store, JobSignal signal, ConveyorOptions options) : MaintenanceTask
{
    private const int BatchSize = 100;

    public override TimeSpan Interval => options.BatchInterval;

    public override string Name => "batches";

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        CloseBatchesResult result;
        do
        {
            result = await store.CloseFinishedBatchesAsync(new CloseBatchesRequest { Limit = BatchSize }, ct).ConfigureAwait(false);
            foreach (var queue in result.Closed.Where(c => c.Released).Select(c => c.CallbackQueue).Distinct())
            {
                signal.Raise(queue);
            }
        }
        while (result.Closed.Count == BatchSize && !ct.IsCancellationRequested);
    }
}
