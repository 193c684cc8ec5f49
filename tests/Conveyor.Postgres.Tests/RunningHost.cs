using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conveyor.Postgres.Tests;

/// <summary>A started generic host with Conveyor, stopped and disposed at the end of a test.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private RunningHost(IHost host) => Host = host;

    public IHost Host { get; }

    public IJobClient Client => Host.Services.GetRequiredService<IJobClient>();

    public Storage.IJobAdminStore Admin => Host.Services.GetRequiredService<Storage.IJobAdminStore>();

    /// <summary>Builds a host without logging, configures Conveyor with <paramref name="configure"/>, and starts it.</summary>
    public static async Task<RunningHost> StartAsync(Action<ConveyorBuilder> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddConveyor(configure);
        var host = builder.Build();
        await host.StartAsync();
        return new RunningHost(host);
    }

    /// <summary>Waits (up to 20 s) until the job reaches <paramref name="state"/>, and returns it.</summary>
    public async Task<JobRecord> WaitForStateAsync(long id, JobState state)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var job = await Admin.GetAsync(id);
            if (job?.State == state)
            {
                return job;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
