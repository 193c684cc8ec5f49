using Conveyor.Runtime;
using Conveyor.Storage;

namespace Conveyor.Maintenance;

/// <summary>Makes due scheduled and retryable jobs available, and wakes this node's producers for their queues.</summary>
internal sealed class Promoter(IJobStore store, JobSignal signal, ConveyorOptions options) : MaintenanceTask
{
    private const int BatchSize = 1000;

    public override TimeSpan Interval => options.PromoteInterval;

    public override string Name => "promoter";

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        PromoteDueResult result;
        do
        {
            result = await store.PromoteDueAsync(new PromoteDueRequest { Limit = BatchSize }, ct).ConfigureAwait(false);
            foreach (var queue in result.Queues)
            {
                signal.Raise(queue);
            }
        }
        while (result.Promoted == BatchSize);
    }
}
