using Conveyor.Cli.Output;

namespace Conveyor.Cli.Commands;

/// <summary>Reads a <see cref="StatsSnapshot"/> and shows it, then again every interval, until a count is reached or the command is cancelled.</summary>
internal sealed class StatsRefresh(StoreSession session, TimeSpan interval, int? count)
{
    /// <summary>Shows snapshots; Ctrl+C ends a watch that has no count, and is not an error.</summary>
    public async Task EachAsync(Action<StatsSnapshot> show, CancellationToken ct)
    {
        var time = TimeProvider.System;
        try
        {
            for (var shown = 0; count is null || shown < count; shown++)
            {
                if (shown > 0)
                {
                    await Task.Delay(interval, time, ct);
                }

                show(await StatsSnapshot.ReadAsync(session.Admin, session.Stats, time.GetUtcNow(), ct));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && count is null)
        {
            // Ctrl+C ends a watch.
        }
    }
}
