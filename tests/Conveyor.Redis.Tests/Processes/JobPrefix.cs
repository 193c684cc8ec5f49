using System.Text;
using Conveyor.Storage;
using Conveyor.Testing.Processes;
using StackExchange.Redis;

namespace Conveyor.Redis.Tests.Processes;

/// <summary>
/// One test's key prefix on a Redis server or cluster: the store migrated under it, a plain connection for what the
/// store does not expose (where its keys live), and the reads the tests check the outcome with. Disposing it deletes
/// every key of the prefix.
/// </summary>
internal sealed class JobPrefix : IAsyncDisposable
{
    private const int Page = 5_000;
    private readonly string _configuration;
    private readonly ConnectionMultiplexer _connection;
    private readonly RedisTopology _topology;

    private JobPrefix(string configuration, string name, ConnectionMultiplexer connection)
    {
        _configuration = configuration;
        Name = name;
        _connection = connection;
        var cluster = connection.GetServers().Any(server => server.ServerType == ServerType.Cluster);
        _topology = new RedisTopology(name, cluster, connection.GetDatabase(), new RedisScripts(connection.GetDatabase()));
        Store = new RedisJobStore(configuration, new RedisStoreOptions { Prefix = name });
    }

    /// <summary>The prefix, unique to the test.</summary>
    public string Name { get; }

    /// <summary>The store under the prefix, on the server's clock.</summary>
    public RedisJobStore Store { get; }

    /// <summary>A fresh prefix on the server(s) of <paramref name="configuration"/>, its store migrated.</summary>
    public static async Task<JobPrefix> CreateAsync(string configuration)
    {
        var prefix = new JobPrefix(configuration, RedisTestServer.NewPrefix(), await RedisTestServer.ConnectAsync(configuration));
        await prefix.Store.MigrateAsync(null, CancellationToken.None);
        return prefix;
    }

    /// <summary>Settings for a worker process on this prefix.</summary>
    public RedisWorkerOptions Worker() => new(_configuration, Name);

    /// <summary>A ledger job on <paramref name="queue"/>; its handler ignores <paramref name="args"/>, which may tell jobs apart.</summary>
    public static NewJob LedgerJob(string queue = QueueNames.Default, string args = "{}") =>
        new() { Kind = Testing.Processes.LedgerJob.Kind, Queue = queue, Args = Encoding.UTF8.GetBytes(args), MaxAttempts = 10 };

    /// <summary>Inserts <paramref name="count"/> ledger jobs on <paramref name="queue"/>; returns their ids.</summary>
    public async Task<HashSet<long>> InsertAsync(int count, string queue = QueueNames.Default)
    {
        var ids = new HashSet<long>();
        for (var inserted = 0; inserted < count; inserted += Page)
        {
            var jobs = Enumerable.Range(0, Math.Min(Page, count - inserted)).Select(_ => LedgerJob(queue)).ToList();
            var result = await Store.InsertAsync(new InsertJobsRequest { Jobs = jobs }, CancellationToken.None);
            ids.UnionWith(result.Jobs.Select(j => j.Id));
        }

        return ids;
    }

    /// <summary>How many jobs are in <paramref name="state"/>, or in any state when null.</summary>
    public Task<long> CountAsync(JobState? state = null) => Store.CountInStateAsync(state);

    /// <inheritdoc cref="JobStoreReads.AllFinishedAsync"/>
    public Task<bool> AllFinishedAsync() => Store.AllFinishedAsync();

    /// <summary>Every job, by id.</summary>
    public Task<Dictionary<long, JobRecord>> AllJobsAsync() => Store.AllJobsAsync();

    /// <summary>
    /// The running jobs of <paramref name="queue"/>'s partition leased by <paramref name="worker"/> (on a single server,
    /// of every queue). Read from the partition's running set, not by listing: a listing filtered on state walks every job.
    /// </summary>
    public async Task<List<long>> HeldByAsync(WorkerProcess worker, string queue = QueueNames.Default)
    {
        var partition = await _topology.OfQueueAsync(queue);
        var running = await _connection.GetDatabase().SortedSetRangeByRankAsync(partition.Running);
        var jobs = await Task.WhenAll(running.Select(id => Store.GetJobAsync(new GetJobRequest { JobId = (long)id }, CancellationToken.None).AsTask()));
        return [.. jobs.OfType<JobRecord>().Where(j => j.State == JobState.Running && worker.Owns(j.LeaseOwner)).Select(j => j.Id)];
    }

    /// <summary>The key of <paramref name="queue"/>'s id counter (on a cluster, <c>prefix:{queue}:ids</c>).</summary>
    public async Task<RedisKey> IdsKeyAsync(string queue = QueueNames.Default) => (await _topology.OfQueueAsync(queue)).Ids;

    /// <summary>
    /// How many keys of <paramref name="queue"/>'s partition each connected primary holds, by endpoint, leaving out those
    /// with none (each primary's own SCAN, so a cluster's redirects play no part).
    /// </summary>
    public async Task<Dictionary<string, int>> PartitionKeysPerPrimaryAsync(string queue)
    {
        var pattern = (await _topology.OfQueueAsync(queue)).Base + "*";
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var server in _connection.GetServers().Where(server => server.IsConnected && !server.IsReplica))
        {
            await foreach (var _ in server.KeysAsync(pattern: pattern, pageSize: 1_000))
            {
                counts[server.EndPoint.ToString()!] = counts.GetValueOrDefault(server.EndPoint.ToString()!) + 1;
            }
        }

        return counts;
    }

    /// <summary>The hash slot of <paramref name="key"/>, as the server computes it (<c>CLUSTER KEYSLOT</c>).</summary>
    public async Task<int> KeySlotAsync(string key) => (int)await _connection.GetDatabase().ExecuteAsync("CLUSTER", "KEYSLOT", key);

    /// <summary>The server's value of <paramref name="key"/> (e.g. an id counter), null when it has none.</summary>
    public async Task<long?> ReadCounterAsync(RedisKey key) => (long?)await _connection.GetDatabase().StringGetAsync(key);

    /// <summary>How many keys the single server holds, the prefix's and any other's.</summary>
    public Task<long> ServerKeyCountAsync() => _connection.GetServers().Single().DatabaseSizeAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Store.MigrateAsync(0, CancellationToken.None);
        }
        finally
        {
            await Store.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
