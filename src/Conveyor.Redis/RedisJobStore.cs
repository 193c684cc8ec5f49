using Conveyor.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// The Redis store: every transition is one Lua script (<c>Scripts/*.lua</c>), atomic on the server, run by SHA1 over
/// one multiplexed connection, so a worker process is not round-trip bound. Due times and leases follow the server's
/// clock (<c>TIME</c>). Runs on a single server or a Redis Cluster (see <see cref="RedisPartition"/>). At the first
/// call it refuses a server that would drop jobs silently (see <see cref="RedisStoreOptions.AllowUnsafeServer"/>).
/// </summary>
public sealed partial class RedisJobStore : IJobStore, IJobAdminStore, INotifier, IAsyncDisposable
{
    /// <summary>
    /// The token for scripts whose reply must not be dropped: a script cannot be cancelled once sent, so a fetch whose
    /// caller stopped waiting would leave its jobs claimed and never started (until their lease ran out), and an
    /// insert or completion would report a failure that did not happen. They wait for the reply, which
    /// StackExchange.Redis bounds by its own timeout.
    /// </summary>
    private static readonly CancellationToken Unabandoned = CancellationToken.None;

    private readonly ConfigurationOptions _configuration;
    private readonly RedisStoreOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider? _clock;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private Connection? _connection;
    private bool _disposed;

    /// <summary>
    /// Opens the store on the Redis of <paramref name="configuration"/> (a StackExchange.Redis configuration string such
    /// as <c>127.0.0.1:6379</c>, or several endpoints of a cluster); it connects at the first call. <paramref name="clock"/>
    /// is for tests only: when given, its time replaces the server's clock.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration is empty or malformed.</exception>
    public RedisJobStore(string configuration, RedisStoreOptions options, ILogger<RedisJobStore>? logger = null, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        ArgumentNullException.ThrowIfNull(options);
        _configuration = ConfigurationOptions.Parse(configuration);
        _configuration.AbortOnConnectFail = true;

        // CONFIG GET (the server check) is an admin command to StackExchange.Redis; the store sends no other.
        _configuration.AllowAdmin = true;
        _configuration.ClientName ??= "conveyor";
        _configuration.SocketManager ??= SocketManager.ThreadPool;
        _options = options;
        _logger = logger ?? NullLogger<RedisJobStore>.Instance;
        _clock = clock;
    }

    /// <summary>The prefix of every key the store writes.</summary>
    public string Prefix => _options.Prefix;

    /// <inheritdoc />
    public StoreCapabilities Capabilities { get; } = new() { Name = "redis", MultiProcess = true, OrderingKeys = true, Migrations = true };

    /// <inheritdoc />
    public async ValueTask<FetchJobsResult> FetchAsync(FetchJobsRequest request, CancellationToken ct)
    {
        if (request.Limit <= 0)
        {
            return new FetchJobsResult([]);
        }

        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var partition = await connection.Topology.OfQueueAsync(request.Queue).ConfigureAwait(false);
        var claimed = await connection.Scripts.RunAsync(
            "fetch",
            [partition.Ready(request.Queue), partition.Running, partition.Paused, partition.Counts],
            [Now(), partition.Base, request.Queue, request.Limit, request.Owner, Micros.Of(request.LeaseDuration)],
            Unabandoned).ConfigureAwait(false);
        return new FetchJobsResult(JobHashes.ReadAll(claimed));
    }

    /// <inheritdoc />
    public async ValueTask<ExtendLeasesResult> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken ct)
    {
        var leases = request.Leases;
        var renewed = new long[leases.Count];
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        foreach (var (partition, indexes) in await connection.Topology.GroupByJobAsync([.. leases.Select(l => l.JobId)]).ConfigureAwait(false))
        {
            var args = new List<RedisValue>(4 + (indexes.Count * 2)) { Now(), partition.Base, request.Owner, Micros.Of(request.LeaseDuration) };
            foreach (var i in indexes)
            {
                args.Add(leases[i].JobId);
                args.Add(leases[i].Attempt);
            }

            var results = (long[])(await connection.Scripts.RunAsync("extend_leases", [partition.Running], [.. args], Unabandoned).ConfigureAwait(false))!;
            for (var k = 0; k < indexes.Count; k++)
            {
                renewed[indexes[k]] = results[k];
            }
        }

        return new ExtendLeasesResult(
            [.. leases.Where((_, i) => renewed[i] == 0).Select(l => l.JobId)],
            [.. leases.Where((_, i) => renewed[i] == 2).Select(l => l.JobId)]);
    }

    /// <inheritdoc />
    public async ValueTask<CompleteJobsResult> CompleteAsync(CompleteJobsRequest request, CancellationToken ct)
    {
        var completions = request.Completions;
        var applied = new bool[completions.Count];
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var channel = connection.Topology.Wake;
        foreach (var (partition, indexes) in await connection.Topology.GroupByJobAsync([.. completions.Select(c => c.JobId)]).ConfigureAwait(false))
        {
            var args = new List<RedisValue>(4 + (indexes.Count * 8)) { Now(), partition.Base, StoreLimits.MaxErrorsPerJob, channel };
            foreach (var i in indexes)
            {
                AddCompletion(args, completions[i]);
            }

            var results = (long[])(await connection.Scripts.RunAsync(
                "complete", [partition.Running, partition.Counts, partition.Scheduled, partition.Unique], [.. args], Unabandoned).ConfigureAwait(false))!;
            for (var k = 0; k < indexes.Count; k++)
            {
                applied[indexes[k]] = results[k] == 1;
            }
        }

        return new CompleteJobsResult(applied.Count(a => a), [.. completions.Where((_, i) => !applied[i]).Select(c => c.JobId)]);
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReportProgressAsync(ReportProgressRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        if (await connection.Topology.OfJobAsync(request.JobId).ConfigureAwait(false) is not { } partition)
        {
            return false;
        }

        var recorded = (long)await connection.Scripts.RunAsync(
            "report_progress",
            [partition.Job(request.JobId)],
            [Now(), request.Attempt, request.Owner, request.Percent, request.Message ?? ""],
            ct).ConfigureAwait(false);
        return recorded == 1;
    }

    /// <summary>Closes the connection. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _disposed, true);
        if (Interlocked.Exchange(ref _connection, null) is { } connection)
        {
            await connection.Multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One completion's script arguments. A due time decided on a worker's clock travels as a delay from the decision
    /// (<c>ScheduledAt − DecidedAt</c>), which the script adds to the store's clock, so a worker whose clock is off
    /// still retries after the intended backoff.
    /// </summary>
    private static void AddCompletion(List<RedisValue> args, JobCompletion completion)
    {
        args.Add(completion.JobId);
        args.Add(completion.Attempt);
        args.Add(completion.LeaseOwner);
        args.Add((int)completion.TargetState);
        args.Add(completion.ChargesAttempt ? 1 : 0);
        args.Add(completion.ScheduledAt is { } due ? Micros.Of(due - completion.DecidedAt) : RedisValue.EmptyString);
        args.Add(completion.Error is { } error ? JobHashes.ToJson(error) : RedisValue.EmptyString);
        args.Add(completion.Result is { } result ? result : RedisValue.EmptyString);
    }

    /// <summary>The time scripts compare against: empty for the server's clock, unless a test clock was given.</summary>
    private RedisValue Now() => _clock is null ? RedisValue.EmptyString : Micros.Of(_clock.GetUtcNow());
}
