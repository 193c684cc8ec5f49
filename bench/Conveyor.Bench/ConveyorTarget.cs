using Conveyor.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Conveyor.Bench;

/// <summary>Conveyor on one fresh store: enqueues through <see cref="IJobClient"/>, counts through <c>IJobAdminStore</c>.</summary>
/// <param name="useStore">Registers the store (the same one for the client and for every worker built here).</param>
/// <param name="worker">How a worker process reaches the same store, or null if it lives in this process only.</param>
/// <param name="cleanup">Removes the store's data.</param>
public sealed class ConveyorTarget(Action<ConveyorBuilder> useStore, WorkerLaunch? worker, Func<ValueTask> cleanup) : IBenchTarget
{
    /// <summary>The queue the no-op jobs go to.</summary>
    public const string DrainQueue = "bench";

    /// <summary>The queue the latency probes go to.</summary>
    public const string LatencyQueue = "latency";

    private static readonly EnqueueOptions DrainJobs = new() { Queue = DrainQueue };
    private static readonly EnqueueOptions Probes = new() { Queue = LatencyQueue };

    // One in-process wake-up signal for the client and the workers built here, as in a one-process application.
    private readonly JobSignal _signal = new();
    private IHost? _client;

    /// <inheritdoc />
    public WorkerLaunch? Worker => worker;

    /// <inheritdoc />
    public bool HasBulkEnqueue => true;

    private IJobClient Client => (_client ?? throw new InvalidOperationException("Call PrepareAsync first.")).Services.GetRequiredService<IJobClient>();

    /// <inheritdoc />
    public async Task PrepareAsync(CancellationToken ct)
    {
        _client = Build(_ => { });
        await BenchHost.MigrateAsync(_client, ct);
    }

    /// <inheritdoc />
    public async Task EnqueueNoOpAsync(int n, CancellationToken ct) => await Client.EnqueueAsync(new NoOpJob(n), DrainJobs, ct);

    /// <inheritdoc />
    public async Task EnqueueNoOpsAsync(IReadOnlyList<int> ns, CancellationToken ct) =>
        await Client.EnqueueManyAsync(ns.Select(n => new NoOpJob(n)), DrainJobs, ct);

    /// <inheritdoc />
    public async Task EnqueueProbeAsync(long enqueuedAtMicros, CancellationToken ct) =>
        await Client.EnqueueAsync(new LatencyProbe(enqueuedAtMicros), Probes, ct);

    /// <inheritdoc />
    public Task<long> CountCompletedAsync(CancellationToken ct) =>
        BenchHost.CountCompletedAsync(_client ?? throw new InvalidOperationException("Call PrepareAsync first."), ct);

    /// <inheritdoc />
    public IBenchWorker CreateDrainWorker(ExecutionLog log, int workers) => new HostWorker(Build(
        c => c.AddHandler<NoOpHandler>().Queue(DrainQueue, workers).Configure(o => o.PollInterval = TimeSpan.FromMilliseconds(50)),
        s => s.AddSingleton(log)));

    /// <inheritdoc />
    public IBenchWorker CreateLatencyWorker(LatencySink sink) =>
        new HostWorker(Build(c => c.AddHandler<LatencyProbeHandler>().Queue(LatencyQueue, 4), s => s.AddSingleton(sink)));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await DisposeHostAsync(_client);
        }
        finally
        {
            await cleanup();
        }
    }

    private IHost Build(Action<ConveyorBuilder> configure, Action<IServiceCollection>? services = null) =>
        BenchHost.Build(useStore, configure, s =>
        {
            s.AddSingleton(_signal);
            services?.Invoke(s);
        });

    private static ValueTask DisposeHostAsync(IHost? host) => host switch
    {
        IAsyncDisposable disposable => disposable.DisposeAsync(),
        _ => Dispose(host),
    };

    private static ValueTask Dispose(IDisposable? disposable)
    {
        disposable?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A Conveyor worker: a generic host running the job host.</summary>
    private sealed class HostWorker(IHost host) : IBenchWorker
    {
        public Task StartAsync(CancellationToken ct) => host.StartAsync(ct);

        public Task StopAsync(CancellationToken ct) => host.StopAsync(ct);

        public ValueTask DisposeAsync() => DisposeHostAsync(host);
    }
}
