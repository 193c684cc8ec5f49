using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conveyor.Bench;

/// <summary>Builds the generic host a workload runs in: the store under test, the bench handlers, no log output.</summary>
internal static class BenchHost
{
    public static IHost Build(BenchTarget target, Action<ConveyorBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<NoOpCounter>();
        services?.Invoke(builder.Services);
        builder.Services.AddConveyor(c =>
        {
            target.Use(c);
            c.AddHandler<NoOpHandler>();
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

    /// <summary>Waits until the store reports <paramref name="expected"/> completed jobs.</summary>
    public static async Task WaitForCompletedAsync(IHost host, long expected, CancellationToken ct)
    {
        var admin = host.Services.GetRequiredService<IJobAdminStore>();
        while (true)
        {
            var counts = await admin.CountJobsAsync(new CountJobsRequest(), ct);
            if (counts.Counts.Where(c => c.State == JobState.Completed).Sum(c => c.Count) >= expected)
            {
                return;
            }

            await Task.Delay(5, ct);
        }
    }
}
