using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conveyor.Tests.Runtime;

/// <summary>A real generic host on the in-memory store with fast maintenance, for runtime tests.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private TestHost(IHost host) => Host = host;

    public IHost Host { get; }

    public Probe Probe => Host.Services.GetRequiredService<Probe>();

    public IJobClient Client => Host.Services.GetRequiredService<IJobClient>();

    public IJobAdminStore Admin => Host.Services.GetRequiredService<IJobAdminStore>();

    public static async Task<TestHost> StartAsync(Action<ConveyorBuilder> configure, bool start = true)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Probe>();
        builder.Services.AddConveyor(c =>
        {
            c.UseInMemory().Configure(o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(50);
                o.PromoteInterval = TimeSpan.FromMilliseconds(20);
                o.RescueInterval = TimeSpan.FromMilliseconds(50);
                o.BatchInterval = TimeSpan.FromMilliseconds(50);
                o.MetricsInterval = TimeSpan.FromMilliseconds(50);
                o.StatsInterval = TimeSpan.FromMilliseconds(50);
                o.ShutdownTimeout = TimeSpan.FromMilliseconds(300);
            });
            configure(c);
        });
        var host = new TestHost(builder.Build());
        if (start)
        {
            await host.Host.StartAsync();
        }

        return host;
    }

    /// <summary>Waits (up to 10 s) until the job reaches one of <paramref name="states"/>, and returns it.</summary>
    public async Task<JobRecord> WaitForAsync(long id, params JobState[] states)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var job = await Admin.GetJobAsync(new GetJobRequest { JobId = id }, timeout.Token);
            if (job is not null && states.Contains(job.State))
            {
                return job;
            }

            try
            {
                await Task.Delay(10, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Job {id} did not reach {string.Join(" or ", states)}; it is {job?.State}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
