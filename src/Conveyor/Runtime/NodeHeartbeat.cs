using Conveyor.Storage;
using Microsoft.Extensions.Logging;

namespace Conveyor.Runtime;

/// <summary>Reports this node (and how many jobs it runs) to the store's registry every few seconds, so the CLI and dashboard can list live workers.</summary>
internal sealed class NodeHeartbeat(IJobStore store, TimeProvider time, ILogger<NodeHeartbeat> logger, Func<NodeInfo> node)
{
    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(NodeInfo.HeartbeatInterval, time);
        do
        {
            try
            {
                await store.RecordHeartbeatAsync(new NodeHeartbeatRequest { Node = node() }, stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                Log.HeartbeatFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
    }
}
