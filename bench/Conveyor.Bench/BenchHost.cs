using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conveyor.Bench;

/// <summary>Builds the generic host a Conveyor workload runs in: the store under test, the bench handlers, no log output.</summary>
internal static class BenchHost
{
    public static IHost Build(Action<ConveyorBuilder> useStore, Action<ConveyorBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.Services.AddConveyor(c =>
        {
            useStore(c);
            configure(c);
        });
        return builder.Build();
    }

    /// <summary>Applies the store's migrations, so jobs can be enqueued before the worker starts.</summary>
    public static async Task MigrateAsync(IHost host, CancellationToken ct)
    {
        if (host.Services.GetService<IStoreMigrator>() is { } migrator)
        {
            await migrator.MigrateAsync(null, ct);
        }
    }

    /// <summary>The number of jobs the store shows as completed.</summary>
    public static async Task<long> CountCompletedAsync(IHost host, CancellationToken ct)
    {
        var counts = await host.Services.GetRequiredService<IJobAdminStore>().CountJobsAsync(new CountJobsRequest(), ct);
        return counts.Counts.Where(c => c.State == JobState.Completed).Sum(c => c.Count);
    }
}
