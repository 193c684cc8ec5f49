using System.Diagnostics.Metrics;
using Conveyor.Diagnostics;
using Conveyor.Hosting;
using Conveyor.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Conveyor;

/// <summary>Registers Conveyor in a host.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the client (<see cref="IJobClient"/>), the job host (an <see cref="IHostedService"/> that runs the
    /// configured queues and maintenance) and whatever <paramref name="configure"/> sets up. A store is required.
    /// </summary>
    public static IServiceCollection AddConveyor(this IServiceCollection services, Action<ConveyorBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ConveyorOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConveyorOptions>, ConveyorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JobSignal>();
        services.TryAddSingleton(sp => new ConveyorMetrics(sp.GetService<IMeterFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new JobRegistry(sp.GetServices<JobRegistration>()));
        services.TryAddSingleton<IJobClient, JobClient>();
        services.TryAddSingleton<JobHost>();
        services.AddHostedService(sp => sp.GetRequiredService<JobHost>());
        configure(new ConveyorBuilder(services));
        return services;
    }
}
