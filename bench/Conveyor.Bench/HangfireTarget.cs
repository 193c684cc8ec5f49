using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Conveyor.Bench;

/// <summary>
/// The peer: Hangfire 1.8 with Hangfire.PostgreSql on one schema of the same server, with its defaults except for
/// <see cref="PostgreSqlStorageOptions.QueuePollInterval"/> when one is given. Enqueues through
/// <see cref="BackgroundJobClient"/>, counts succeeded jobs through the monitoring API, works with
/// <see cref="BackgroundJobServer"/>.
/// </summary>
public sealed class HangfireTarget : IBenchTarget
{
    private const int LatencyWorkers = 4;

    private readonly string _connectionString;
    private readonly string _schema;
    private readonly bool _ownsSchema;
    private readonly TimeProvider _time;
    private readonly Lazy<PostgreSqlStorage> _storage;
    private readonly Lazy<BackgroundJobClient> _client;

    /// <summary>Uses <paramref name="schema"/>; it is created when first used and, if <paramref name="ownsSchema"/>, dropped on dispose.</summary>
    /// <param name="connectionString">The Npgsql connection string of the server.</param>
    /// <param name="schema">Hangfire's schema (<see cref="PostgreSqlStorageOptions.SchemaName"/>).</param>
    /// <param name="queuePollInterval">Hangfire.PostgreSql's queue poll interval, or null for its default.</param>
    /// <param name="worker">How a worker process reaches the same schema.</param>
    /// <param name="ownsSchema">Whether disposing drops the schema (the benchmark's side) or leaves it (a worker process).</param>
    /// <param name="time">The clock of the latency probes.</param>
    public HangfireTarget(string connectionString, string schema, TimeSpan? queuePollInterval, WorkerLaunch? worker, bool ownsSchema, TimeProvider time)
    {
        _connectionString = connectionString;
        _schema = schema;
        _ownsSchema = ownsSchema;
        _time = time;
        Worker = worker;
        var options = new PostgreSqlStorageOptions { SchemaName = schema };
        if (queuePollInterval is { } interval)
        {
            options.QueuePollInterval = interval;
        }

        // Creating the storage installs Hangfire's schema (PrepareSchemaIfNecessary, on by default).
        _storage = new Lazy<PostgreSqlStorage>(() => new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options));
        _client = new Lazy<BackgroundJobClient>(() => new BackgroundJobClient(_storage.Value));
    }

    /// <summary>Hangfire.PostgreSql's own default queue poll interval.</summary>
    public static TimeSpan DefaultQueuePollInterval => new PostgreSqlStorageOptions().QueuePollInterval;

    /// <inheritdoc />
    public WorkerLaunch? Worker { get; }

    /// <inheritdoc />
    public bool HasBulkEnqueue => false;

    /// <inheritdoc />
    public Task PrepareAsync(CancellationToken ct) => Task.Run(() => _storage.Value, ct);

    /// <inheritdoc />
    public Task EnqueueNoOpAsync(int n, CancellationToken ct)
    {
        _client.Value.Enqueue<HangfireNoOp>(job => job.Run(n, null));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task EnqueueNoOpsAsync(IReadOnlyList<int> ns, CancellationToken ct) =>
        throw new NotSupportedException("Hangfire has no call that enqueues many jobs at once.");

    /// <inheritdoc />
    public Task EnqueueProbeAsync(long enqueuedAtMicros, CancellationToken ct)
    {
        _client.Value.Enqueue<HangfireProbe>(job => job.Run(enqueuedAtMicros));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<long> CountCompletedAsync(CancellationToken ct) => Task.Run(() => _storage.Value.GetMonitoringApi().SucceededListCount(), ct);

    /// <inheritdoc />
    public IBenchWorker CreateDrainWorker(ExecutionLog log, int workers) =>
        new HangfireServerWorker(_storage.Value, new BackgroundJobServerOptions { WorkerCount = workers, Activator = new SingleJobActivator(new HangfireNoOp(log)) });

    /// <inheritdoc />
    public IBenchWorker CreateLatencyWorker(LatencySink sink) =>
        new HangfireServerWorker(_storage.Value, new BackgroundJobServerOptions { WorkerCount = LatencyWorkers, Activator = new SingleJobActivator(new HangfireProbe(sink, _time)) });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsSchema)
        {
            await PostgresSchema.DropAsync(_connectionString, _schema);
        }
    }
}
