using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Conveyor.Testing.Processes;

/// <summary>How a test worker is told to stop: its parent closes the worker's standard input (<see cref="WorkerProcess.StopAsync"/>).</summary>
public static class StdinStop
{
    /// <summary>
    /// Runs <paramref name="host"/> until standard input closes, then stops it gracefully, as on SIGTERM (which works
    /// too, through the console lifetime); a stop that comes while the host still starts ends it cleanly too.
    /// </summary>
    public static async Task RunUntilStdinClosesAsync(this IHost host)
    {
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        _ = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync() is not null)
            {
            }

            lifetime.StopApplication();
        });

        try
        {
            await host.RunAsync();
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Told to stop while still starting (its store not yet reached, say): as clean a stop as any other.
        }
    }
}
