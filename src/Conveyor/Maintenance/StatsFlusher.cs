using Conveyor.Diagnostics;
using Conveyor.Storage;

namespace Conveyor.Maintenance;

/// <summary>
/// Every node adds what it processed since the last round into the store's per-minute statistics, every
/// <see cref="ConveyorOptions.StatsInterval"/>; a round that fails keeps its counts for the next one.
/// </summary>
internal sealed class StatsFlusher(IStatsStore store, MinuteStats minutes, ConveyorOptions options) : MaintenanceTask
{
    public override TimeSpan Interval => options.StatsInterval;

    public override bool RunsOnEveryNode => true;

    public override string Name => "stats";

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var drained = minutes.Drain();
        if (drained.Count == 0)
        {
            return;
        }

        try
        {
            await store.RecordStatsAsync(new RecordStatsRequest { Minutes = drained }, ct).ConfigureAwait(false);
        }
        catch
        {
            minutes.Return(drained);
            throw;
        }
    }
}
