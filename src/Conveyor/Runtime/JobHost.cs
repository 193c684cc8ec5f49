using Conveyor.Diagnostics;
using Conveyor.Health;
using Conveyor.Maintenance;
using Conveyor.Recurring;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Conveyor.Runtime;

/// <summary>
/// Runs this node: one producer per configured queue, the completion batcher, the recorder of schedules' runs (when
/// the store keeps schedules), the lease keeper, the node heartbeat and (when elected) maintenance. Stops in two phases: stop fetching and let running jobs finish
/// for up to <see cref="ConveyorOptions.ShutdownTimeout"/>; then cancel the rest and release their jobs
/// without charging an attempt.
/// </summary>
public sealed class JobHost : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(5);
    private readonly IServiceProvider _services;
    private readonly IJobStore _store;
    private readonly JobSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<JobHost> _logger;
    private readonly ConveyorOptions _options;
    private readonly InFlightJobs _inFlight = new();
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _stopBackground = new();
    private readonly List<Task> _loops = [];
    private Task[] _producerLoops = [];
    private List<QueueProducer> _producers = [];
    private CompletionBatcher? _batcher;
    private Task? _batcherLoop;
    private ScheduleRunRecorder? _recorder;
    private Task _recorderLoop = Task.CompletedTask;
    private MaintenanceRunner? _maintenance;
    private IDisposable? _signalSubscription;
    private IAsyncDisposable? _notifierSubscription;
    private IAsyncDisposable? _cancelSubscription;
    private LeaseKeeper? _leaseKeeper;

    /// <summary>Creates the host; <see cref="StartAsync"/> starts it.</summary>
    public JobHost(IServiceProvider services, IJobStore store, JobSignal signal, TimeProvider time, ILoggerFactory loggers, IOptions<ConveyorOptions> options)
    {
        _services = services;
        _store = store;
        _signal = signal;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<JobHost>();
        _options = options.Value;
        NodeId = _options.NodeId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
    }

    /// <summary>This node's id, the owner of its leases.</summary>
    public string NodeId { get; }

    /// <summary>Jobs running now, per queue.</summary>
    public IReadOnlyDictionary<string, int> RunningByQueue => _producers.ToDictionary(p => p.Queue, p => p.Running);

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var registry = _services.GetRequiredService<JobRegistry>();
        RefuseUnsupportedOptions(registry);
        if (_options.AutoMigrate && _services.GetService<IStoreMigrator>() is { } migrator)
        {
            await migrator.MigrateAsync(null, cancellationToken).ConfigureAwait(false);
        }

        await SaveSchedulesAsync(registry, cancellationToken).ConfigureAwait(false);

        if (_store is IScheduleStore schedules)
        {
            var recorder = _recorder = new ScheduleRunRecorder(schedules, _loggers.CreateLogger<ScheduleRunRecorder>());
            _recorderLoop = Task.Run(() => recorder.RunAsync(_stopBackground.Token), CancellationToken.None);
        }

        _batcher = new CompletionBatcher(_store, _inFlight, _recorder, _time, _loggers.CreateLogger<CompletionBatcher>(), _options.CompletionBatchSize);
        _batcherLoop = Task.Run(() => _batcher.RunAsync(_stopBackground.Token), CancellationToken.None);
        var executor = new JobExecutor(_services, registry, _store, _time, _loggers.CreateLogger<JobExecutor>(), NodeId, _options);
        _producers = [.. _options.Queues.Select(q => new QueueProducer(q.Key, q.Value, _store, executor, _batcher, _recorder, _inFlight, _time, _loggers.CreateLogger<QueueProducer>(), NodeId, _options))];
        var producers = _producers;
        _services.GetService<ConveyorMetrics>()?.ObserveWorkers(() => producers.Select(p => (p.Queue, p.Running, p.Workers)));
        _signalSubscription = _signal.Subscribe(Wake);
        if (_services.GetService<INotifier>() is { } notifier && _producers.Count > 0)
        {
            _notifierSubscription = await notifier.ListenAsync(Wake, cancellationToken).ConfigureAwait(false);
            _cancelSubscription = await notifier.ListenForCancelRequestsAsync(() => _leaseKeeper?.RenewNow(), cancellationToken).ConfigureAwait(false);
        }

        _producerLoops = [.. _producers.Select(p => Loop(() => p.RunAsync(_stopFetching.Token)))];
        _loops.AddRange(_producerLoops);
        _leaseKeeper = new LeaseKeeper(_store, _inFlight, _time, _loggers.CreateLogger<LeaseKeeper>(), NodeId, _options.LeaseDuration);
        _loops.Add(Loop(() => _leaseKeeper.RunAsync(_stopBackground.Token)));
        var node = Node();
        _loops.Add(Loop(() => new NodeHeartbeat(_store, _time, _loggers.CreateLogger<NodeHeartbeat>(), () => node with { Busy = _producers.Sum(p => p.Running) }).RunAsync(_stopBackground.Token)));
        if (_options.RunMaintenance)
        {
            _maintenance = new MaintenanceRunner(_store, MaintenanceTasks(registry), _time, _loggers.CreateLogger<MaintenanceRunner>(), NodeId, _options);
            _loops.Add(Loop(() => _maintenance.RunAsync(_stopFetching.Token)));
        }

        Log.Started(_logger, NodeId, QueuesText(), _store.Capabilities.Name);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_batcher is null || _stopFetching.IsCancellationRequested)
        {
            return;
        }

        Log.Stopping(_logger, NodeId, _producers.Sum(p => p.Running), _options.ShutdownTimeout);
        await _stopFetching.CancelAsync().ConfigureAwait(false);

        // A fetch in flight when fetching stopped still starts its jobs: wait for the loops, then for the jobs.
        var deadline = _time.GetTimestamp();
        await WaitAsync(_producerLoops, _options.ShutdownTimeout, cancellationToken).ConfigureAwait(false);
        if (!await WaitAsync(WhenIdle(), Remaining(_options.ShutdownTimeout, deadline), cancellationToken).ConfigureAwait(false))
        {
            await InterruptAsync().ConfigureAwait(false);
        }

        _batcher.Complete();
        await WaitAsync([_batcherLoop!], _options.ShutdownTimeout, CancellationToken.None).ConfigureAwait(false);
        _recorder?.Complete();
        await WaitAsync([_recorderLoop], CancelGrace, CancellationToken.None).ConfigureAwait(false);
        await _stopBackground.CancelAsync().ConfigureAwait(false);
        await WaitAsync([.. _loops], CancelGrace, CancellationToken.None).ConfigureAwait(false);
        await ReleaseLeadershipAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _signalSubscription?.Dispose();
        if (_notifierSubscription is not null)
        {
            await _notifierSubscription.DisposeAsync().ConfigureAwait(false);
        }

        if (_cancelSubscription is not null)
        {
            await _cancelSubscription.DisposeAsync().ConfigureAwait(false);
        }

        _leaseKeeper?.Dispose();
        _producers.ForEach(p => p.Dispose());
        _stopFetching.Dispose();
        _stopBackground.Dispose();
    }

    private void RefuseUnsupportedOptions(JobRegistry registry)
    {
        Refuse(registry, _store is ITransactionalCompletionStore, r => r.Options.CompleteInTransaction, "set CompleteInTransaction", "cannot complete a job in its handler's transaction. Use the PostgreSQL store, or turn the option off.");
        Refuse(registry, _store is IRateLimitStore, r => r.Options.RateLimit is not null, "have a rate limit", "keeps no rate limits.");
        Refuse(registry, _store.Capabilities.OrderingKeys, r => r.Options.RunOrder is not null, "run in order", "keeps no ordering keys.");
    }

    /// <summary>Throws, naming the kinds, when some job types need what the store cannot do.</summary>
    private void Refuse(JobRegistry registry, bool supported, Func<JobRegistration, bool> needs, string what, string why)
    {
        var kinds = supported ? [] : registry.All.Where(needs).Select(r => r.Kind).ToList();
        if (kinds.Count > 0)
        {
            throw new InvalidOperationException($"Job kinds {string.Join(", ", kinds.Select(k => $"'{k}'"))} {what}, but the {_store.Capabilities.Name} store {why}");
        }
    }

    private async Task InterruptAsync()
    {
        // Phase two: the timeout passed. Cancel what still runs and release it without charging an attempt.
        var stuck = _inFlight.Snapshot();
        Log.ShutdownCancelling(_logger, stuck.Count);
        stuck.ForEach(j => j.Stop(StopReason.Shutdown));
        await WaitAsync(WhenIdle(), CancelGrace, CancellationToken.None).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        foreach (var job in _inFlight.Snapshot().Where(j => j.TryFinish()))
        {
            // A handler that ignored cancellation: release its job anyway; if it still finishes, its completion is dropped.
            _batcher!.Add(JobStateMachine.Decide(job.Job, new ExecutionOutcome.Interrupted(), RetryPolicy.Default, now, 0));
        }
    }

    private async Task ReleaseLeadershipAsync()
    {
        try
        {
            if (_maintenance is not null)
            {
                await _maintenance.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Log.MaintenanceFailed(_logger, ex, "release leadership");
        }
    }

    private TimeSpan Remaining(TimeSpan budget, long since) =>
        TimeSpan.FromTicks(Math.Max(0, (budget - _time.GetElapsedTime(since)).Ticks));

    private Task[] WhenIdle() => [.. _producers.Select(p => p.WaitIdleAsync(_stopBackground.Token))];

    private List<MaintenanceTask> MaintenanceTasks(JobRegistry registry)
    {
        List<MaintenanceTask> tasks =
        [
            new Promoter(_store, _signal, _options),
            new Rescuer(_store, registry, _time, _loggers.CreateLogger<Rescuer>(), _options),
            new Pruner(_store, _time, _options),
        ];
        if (_store is IScheduleStore schedules)
        {
            tasks.Add(new RecurringScheduler(schedules, _time, _loggers.CreateLogger<RecurringScheduler>(), _options));
        }

        if (_store is IBatchStore batches)
        {
            tasks.Add(new BatchCloser(batches, _signal, _options));
        }

        if (_services.GetService<AlertOptions>() is { } alerts && _store is IJobAdminStore alertAdmin)
        {
            var evaluator = new HealthEvaluator(alertAdmin, _store as IStatsStore, _store as IScheduleStore, _time);
            tasks.Add(new AlertMonitor(evaluator, alerts, _store as IAlertStore, _services.GetRequiredService<IJobClient>(), _time, _loggers.CreateLogger<AlertMonitor>()));
        }

        if (_services.GetService<ConveyorMetrics>() is { } metrics)
        {
            if (_store is IJobAdminStore admin)
            {
                tasks.Add(new DepthSampler(admin, metrics, _store as IStatsStore, _time, _options));
            }

            if (_store is IStatsStore stats)
            {
                tasks.Add(new StatsFlusher(stats, metrics.Minutes, _options));
            }
        }

        return tasks;
    }

    /// <summary>Saves the schedules registered in code, so the leader, wherever it runs, enqueues their ticks.</summary>
    private async Task SaveSchedulesAsync(JobRegistry registry, CancellationToken ct)
    {
        var registrations = _services.GetServices<RecurringRegistration>().ToList();
        if (registrations.Count == 0)
        {
            return;
        }

        if (_store is not IScheduleStore schedules)
        {
            throw new NotSupportedException($"Recurring jobs are registered, but the {_store.Capabilities.Name} store keeps no schedules.");
        }

        if (registrations.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"Recurring job '{twice.Key}' is registered {twice.Count()} times; schedule names must be unique.");
        }

        var definitions = registrations.Select(r => r.ToDefinition(registry)).ToList();
        await schedules.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = definitions }, ct).ConfigureAwait(false);
    }

    private void Wake(string? queue)
    {
        foreach (var producer in _producers)
        {
            if (queue is null || producer.Queue == queue)
            {
                producer.Wake();
            }
        }
    }

    private NodeInfo Node() => new()
    {
        Id = NodeId,
        Host = Environment.MachineName,
        ProcessId = Environment.ProcessId,
        Queues = QueuesText(),
        StartedAt = _time.GetUtcNow(),
        Version = ConveyorVersion.Text,
    };

    private string QueuesText() => string.Join(",", _options.Queues.Select(q => $"{q.Key}={q.Value}"));

    private static Task Loop(Func<Task> loop) => Task.Run(async () =>
    {
        try
        {
            await loop().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    });

    private async Task<bool> WaitAsync(Task[] tasks, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(tasks).WaitAsync(timeout, _time, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }
}
