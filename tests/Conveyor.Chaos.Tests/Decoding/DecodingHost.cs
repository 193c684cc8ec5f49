using Conveyor.Chaos.Tests.Stores;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conveyor.Chaos.Tests.Decoding;

/// <summary>A real job host in this process on a chaos store's namespace, working <c>default</c> with 4 slots.</summary>
public sealed class DecodingHost : IAsyncDisposable
{
    /// <summary>The runtime's log events that mean a store call failed: each is a producer, batcher or sweep stalling.</summary>
    public static readonly string[] StoreFailureEvents = ["FetchFailed", "CompleteFailed", "ExtendFailed", "MaintenanceFailed"];

    private readonly IHost _host;

    private DecodingHost(IHost host, PayloadRuns runs, CapturedLogs logs)
    {
        _host = host;
        Runs = runs;
        Logs = logs;
    }

    public PayloadRuns Runs { get; }

    public CapturedLogs Logs { get; }

    public IJobClient Client => _host.Services.GetRequiredService<IJobClient>();

    public static async Task<DecodingHost> StartAsync(ChaosStore store)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs);
        var runs = new PayloadRuns();
        builder.Services.AddSingleton(runs);
        builder.Services.AddConveyor(c => store.Apply(c)
            .AddHandler<PayloadHandler>()
            .AddHandler<GuardedHandler>()
            .Queue("default", 4)
            .Configure(o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(50);
                o.ShutdownTimeout = TimeSpan.FromSeconds(2);
            }));
        var host = builder.Build();
        await host.StartAsync();
        return new DecodingHost(host, runs, logs);
    }

    /// <summary>Waits until <paramref name="finished"/> jobs of <c>default</c> are final and none waits or runs.</summary>
    public static async Task WaitUntilFinishedAsync(IJobAdminStore admin, int finished, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        var counts = new Dictionary<JobState, long>();
        while (TimeProvider.System.GetTimestamp() < deadline)
        {
            counts = (await admin.CountJobsAsync(new CountJobsRequest(), CancellationToken.None)).Counts
                .Where(c => c.Queue == "default").GroupBy(c => c.State).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
            if (counts.Where(c => c.Key.IsFinal()).Sum(c => c.Value) >= finished && counts.Where(c => !c.Key.IsFinal()).Sum(c => c.Value) == 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"After {timeout}, not all {finished} jobs were final: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}.");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
