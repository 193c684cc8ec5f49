using Conveyor.Chaos.Tests.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conveyor.Chaos.Tests.UnknownKind;

/// <summary>
/// One worker of a deploy, in the test's process, on a <see cref="ChaosStore"/> namespace: it always knows
/// <see cref="EveryoneKnowsJob"/>, and <see cref="NewFeatureJob"/> only when it runs the new version. Its handlers
/// write to the test's <see cref="ExecutionLedger"/>; its unknown-kind waits are counted in <see cref="Waits"/>.
/// </summary>
internal sealed class DeployHost : IAsyncDisposable
{
    /// <summary>How soon a waiting job is offered again: short, so a test sees many fetch cycles.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(100);

    private readonly IHost _host;
    private bool _stopped;

    private DeployHost(IHost host, UnknownKindWaits waits)
    {
        _host = host;
        Waits = waits;
    }

    /// <summary>The unknown-kind waits this worker logged, per job.</summary>
    public UnknownKindWaits Waits { get; }

    /// <summary>This worker's client.</summary>
    public IJobClient Client => _host.Services.GetRequiredService<IJobClient>();

    /// <summary>
    /// Starts worker <paramref name="nodeId"/> on <paramref name="store"/>, four slots on the default queue, with
    /// <paramref name="grace"/> as its <see cref="ConveyorOptions.UnknownKindGrace"/>; it runs maintenance only when
    /// <paramref name="runsMaintenance"/>.
    /// </summary>
    public static Task<DeployHost> StartAsync(ChaosStore store, ExecutionLedger ledger, string nodeId, bool knowsNewFeature, TimeSpan grace, bool runsMaintenance = true) =>
        StartAsync(store, ledger, nodeId, knowsNewFeature, grace, workers: 4, runsMaintenance);

    /// <summary>Starts a node that works no queue and only runs maintenance: the leader, when the workers run none.</summary>
    public static Task<DeployHost> StartMaintainerAsync(ChaosStore store, ExecutionLedger ledger) =>
        StartAsync(store, ledger, "maintainer", knowsNewFeature: false, TimeSpan.FromHours(1), workers: 0, runsMaintenance: true);

    private static async Task<DeployHost> StartAsync(ChaosStore store, ExecutionLedger ledger, string nodeId, bool knowsNewFeature, TimeSpan grace, int workers, bool runsMaintenance)
    {
        var waits = new UnknownKindWaits();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().AddProvider(waits);
        builder.Services.AddSingleton(ledger);
        builder.Services.AddConveyor(c =>
        {
            store.Apply(c).AddHandler<EveryoneKnowsHandler>().Configure(o =>
            {
                o.NodeId = nodeId;
                o.UnknownKindGrace = grace;
                o.UnknownKindRecheck = Recheck;
                o.PollInterval = TimeSpan.FromMilliseconds(50);
                o.PromoteInterval = TimeSpan.FromMilliseconds(50);
                o.ShutdownTimeout = TimeSpan.FromSeconds(2);
                o.RunMaintenance = runsMaintenance;
            });
            if (workers > 0)
            {
                c.Queue("default", workers);
            }

            if (knowsNewFeature)
            {
                c.AddHandler<NewFeatureHandler>();
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        return new DeployHost(host, waits);
    }

    /// <summary>Stops the worker (its running jobs finish or are released); safe to call again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
            _host.Dispose();
        }
    }
}
