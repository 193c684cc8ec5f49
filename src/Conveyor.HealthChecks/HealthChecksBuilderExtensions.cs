using Conveyor.Health;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conveyor.HealthChecks;

/// <summary>Adds Conveyor's health check: <c>services.AddHealthChecks().AddConveyor(r => r.MaxDepth = 5_000)</c>.</summary>
public static class HealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the check named <paramref name="name"/> (default <c>conveyor</c>) over the store registered with
    /// <c>AddConveyor</c>, with the default <see cref="HealthRules"/> changed by <paramref name="configure"/>.
    /// </summary>
    public static IHealthChecksBuilder AddConveyor(this IHealthChecksBuilder builder, Action<HealthRules>? configure = null, string name = "conveyor", HealthStatus failureStatus = HealthStatus.Unhealthy, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var rules = new HealthRules();
        configure?.Invoke(rules);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new ConveyorHealthCheck(
                new HealthEvaluator(
                    sp.GetRequiredService<IJobAdminStore>(),
                    sp.GetService<IStatsStore>(),
                    sp.GetService<IScheduleStore>(),
                    sp.GetRequiredService<TimeProvider>()),
                rules),
            failureStatus,
            tags));
    }
}
