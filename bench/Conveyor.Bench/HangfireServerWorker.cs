using Hangfire;

namespace Conveyor.Bench;

/// <summary>A Hangfire worker on any storage: one <see cref="BackgroundJobServer"/>, which starts working when created.</summary>
internal sealed class HangfireServerWorker(JobStorage storage, BackgroundJobServerOptions options) : IBenchWorker
{
    private BackgroundJobServer? _server;

    public Task StartAsync(CancellationToken ct)
    {
        _server = new BackgroundJobServer(options, storage);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_server is { } server)
        {
            server.SendStop();
            await server.WaitForShutdownAsync(ct);
        }
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }
}
