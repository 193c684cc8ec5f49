using Microsoft.Extensions.Hosting;

namespace Conveyor.Cli;

/// <summary>Waits for a started host's stop signal, then stops it gracefully.</summary>
internal static class HostRun
{
    /// <summary>
    /// Waits until <paramref name="stop"/> fires, the host stops itself, or <paramref name="limit"/> passes; then stops
    /// the host without a deadline of our own, so running jobs finish or are released rather than abandoned.
    /// </summary>
    public static async Task UntilStoppedAsync(IHost host, CancellationToken stop, TimeSpan? limit = null, TimeProvider? time = null)
    {
        var lifetime = (IHostApplicationLifetime?)host.Services.GetService(typeof(IHostApplicationLifetime));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, lifetime?.ApplicationStopping ?? CancellationToken.None);
        try
        {
            await Task.Delay(limit ?? Timeout.InfiniteTimeSpan, time ?? TimeProvider.System, linked.Token);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }

        await host.StopAsync(CancellationToken.None);
    }
}
