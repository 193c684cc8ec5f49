using Hangfire;
using Hangfire.Redis.StackExchange;
using StackExchange.Redis;

namespace Conveyor.Bench;

/// <summary>
/// The peer on Redis: Hangfire 1.8 with Hangfire.Redis.StackExchange under one key prefix of the same server, with
/// its defaults (workers are woken by pub/sub, so there is no poll interval to tune). Enqueues through
/// <see cref="BackgroundJobClient"/>, counts succeeded jobs through the monitoring API's statistics (its succeeded
/// list is capped), works with <see cref="BackgroundJobServer"/>.
/// </summary>
public sealed class HangfireRedisTarget : IBenchTarget
{
    private const int LatencyWorkers = 4;

    private readonly string _configuration;
    private readonly string _prefix;
    private readonly bool _ownsPrefix;
    private readonly TimeProvider _time;
    private readonly Lazy<ConnectionMultiplexer> _connection;
    private readonly Lazy<RedisStorage> _storage;
    private readonly Lazy<BackgroundJobClient> _client;

    /// <summary>Uses the keys under <paramref name="prefix"/>; if <paramref name="ownsPrefix"/>, they are deleted on dispose.</summary>
    /// <param name="configuration">The StackExchange.Redis configuration of the server.</param>
    /// <param name="prefix">Hangfire's key prefix, without the hash tag braces and colon it is written with.</param>
    /// <param name="worker">How a worker process reaches the same keys.</param>
    /// <param name="ownsPrefix">Whether disposing deletes the keys (the benchmark's side) or leaves them (a worker process).</param>
    /// <param name="time">The clock of the latency probes.</param>
    public HangfireRedisTarget(string configuration, string prefix, WorkerLaunch? worker, bool ownsPrefix, TimeProvider time)
    {
        _configuration = configuration;
        _prefix = prefix;
        _ownsPrefix = ownsPrefix;
        _time = time;
        Worker = worker;
        _connection = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(_configuration));

        // One hash tag for every key, as Hangfire's default prefix has: its transactions span keys, one slot on a cluster.
        _storage = new Lazy<RedisStorage>(() => new RedisStorage(_connection.Value, new RedisStorageOptions { Prefix = $"{{{_prefix}}}:" }));
        _client = new Lazy<BackgroundJobClient>(() => new BackgroundJobClient(_storage.Value));
    }

    /// <inheritdoc />
    public WorkerLaunch? Worker { get; }

    /// <inheritdoc />
    public bool HasBulkEnqueue => false;

    /// <inheritdoc />
    public Task PrepareAsync(CancellationToken ct) => Task.Run(() => _storage.Value, ct);

    /// <inheritdoc />
    public Task EnqueueNoOpAsync(int n, CancellationToken ct)
    {
        _client.Value.Enqueue<HangfireRedisNoOp>(job => job.Run(n));
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
    public Task<long> CountCompletedAsync(CancellationToken ct) => Task.Run(() => _storage.Value.GetMonitoringApi().GetStatistics().Succeeded, ct);

    /// <inheritdoc />
    public IBenchWorker CreateDrainWorker(ExecutionLog log, int workers) =>
        new HangfireServerWorker(_storage.Value, new BackgroundJobServerOptions { WorkerCount = workers, Activator = new SingleJobActivator(new HangfireRedisNoOp(log)) });

    /// <inheritdoc />
    public IBenchWorker CreateLatencyWorker(LatencySink sink) =>
        new HangfireServerWorker(_storage.Value, new BackgroundJobServerOptions { WorkerCount = LatencyWorkers, Activator = new SingleJobActivator(new HangfireProbe(sink, _time)) });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsPrefix)
        {
            await DeleteKeysAsync(_connection.Value);
        }

        if (_connection.IsValueCreated)
        {
            await _connection.Value.DisposeAsync();
        }
    }

    /// <summary>Deletes every key under the prefix on every primary (SCAN, never KEYS).</summary>
    private async Task DeleteKeysAsync(ConnectionMultiplexer connection)
    {
        var database = connection.GetDatabase();
        foreach (var server in connection.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(database.Database, $"{{{_prefix}}}:*", pageSize: 500))
            {
                await database.KeyDeleteAsync(key, CommandFlags.FireAndForget);
            }
        }

        // The deletes were pipelined; a round trip after them waits for all of them.
        await database.PingAsync();
    }
}
