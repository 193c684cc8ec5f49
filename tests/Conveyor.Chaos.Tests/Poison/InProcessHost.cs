using Conveyor.Chaos.Tests.Stores;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conveyor.Chaos.Tests.Poison;

/// <summary>A Conveyor host running in the test's own process on a <see cref="ChaosStore"/> namespace; disposing it stops it.</summary>
internal sealed class InProcessHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly ChaosStore _store;

    private InProcessHost(IHost host, ChaosStore store)
    {
        _host = host;
        _store = store;
    }

    /// <summary>The host's client.</summary>
    public IJobClient Client => _host.Services.GetRequiredService<IJobClient>();

    /// <summary>
    /// Builds and starts a host on <paramref name="store"/>: <paramref name="services"/> adds what the handlers need,
    /// <paramref name="configure"/> registers handlers and queues. Logging is off. The pool threads the test host
    /// blocks are given back first (<see cref="TestHostThreads"/>), so the host has as many as in a process of its own.
    /// </summary>
    public static async Task<InProcessHost> StartAsync(ChaosStore store, Action<IServiceCollection> services, Action<ConveyorBuilder> configure)
    {
        TestHostThreads.GiveBack();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        services(builder.Services);
        builder.Services.AddConveyor(c =>
        {
            store.Apply(c).Configure(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
            configure(c);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessHost(host, store);
    }

    /// <summary>How many jobs of <paramref name="queue"/> are in <paramref name="state"/>, as the store counts them.</summary>
    public async Task<long> CountAsync(string queue, JobState state)
    {
        var counts = await _store.Admin.CountJobsAsync(new CountJobsRequest(), CancellationToken.None);
        return counts.Counts.Where(c => c.Queue == queue && c.State == state).Sum(c => c.Count);
    }

    /// <summary>Polls <paramref name="done"/> every 50 ms until it holds; fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, Func<string> what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await done())
        {
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"Not done within {timeout}: {what()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
