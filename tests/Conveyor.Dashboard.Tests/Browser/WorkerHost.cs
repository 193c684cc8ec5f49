using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Conveyor.Dashboard.Tests.Browser;

/// <summary>A real worker host on a test store's file, completing every <see cref="Echo"/> on one queue; stopped on dispose.</summary>
internal sealed class WorkerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkerHost(IHost host) => _host = host;

    public static async Task<WorkerHost> StartAsync(TestStore store, string queue)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddConveyor(c => c.UseSqlite(store.Path).AddHandler<EchoHandler>(o => o.Queue = queue).Queue(queue));
        var host = builder.Build();
        await host.StartAsync();
        return new WorkerHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
