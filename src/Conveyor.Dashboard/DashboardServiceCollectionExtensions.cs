using Conveyor;
using Conveyor.Dashboard;
using Conveyor.Dashboard.Assets;
using Conveyor.Dashboard.Data;
using Conveyor.Diagnostics;
using Conveyor.Health;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the dashboard: <c>services.AddConveyorDashboard(o =&gt; o.ReadOnly = true)</c>.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dashboard's options and what it needs (antiforgery). It reads through the store registered with
    /// <c>AddConveyor</c> (its <see cref="IJobAdminStore"/> and, if the store has them, statistics, schedules and alerts).
    /// </summary>
    public static IServiceCollection AddConveyorDashboard(this IServiceCollection services, Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new DashboardOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddAntiforgery();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DashboardServices(
            sp.GetService<IJobAdminStore>() ?? throw new InvalidOperationException("The Conveyor dashboard needs a store with an admin interface: call services.AddConveyor(c => c.UseSqlite(…)) (or another store)."),
            sp.GetService<IStatsStore>(),
            sp.GetService<IScheduleStore>(),
            sp.GetService<IAlertStore>(),
            sp.GetService<IJobClient>(),
            sp.GetRequiredService<TimeProvider>(),
            options.HealthRules ?? sp.GetService<AlertOptions>()?.Rules ?? new HealthRules(),
            options,
            EmbeddedAssets.Load(),
            sp.GetService<ConveyorMetrics>() is { } metrics ? new PrometheusText(metrics) : null));
        return services;
    }
}
