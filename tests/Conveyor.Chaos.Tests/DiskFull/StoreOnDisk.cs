using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes.Servers;

namespace Conveyor.Chaos.Tests.DiskFull;

/// <summary>
/// Where a store keeps its data on a test's own disk: the SQLite file itself, a private <c>redis-server</c> whose AOF
/// directory is there, or a private PostgreSQL cluster whose data directory is there. Disposing it stops the server.
/// </summary>
public sealed class StoreOnDisk : IAsyncDisposable
{
    private readonly IAsyncDisposable? _server;

    private StoreOnDisk(string connection, IAsyncDisposable? server)
    {
        Connection = connection;
        _server = server;
    }

    /// <summary>What <c>ChaosCluster.CreateAsync</c> is given: the folder for SQLite, the server's connection otherwise.</summary>
    public string Connection { get; }

    /// <summary>Puts <paramref name="kind"/>'s data in <paramref name="folder"/>.</summary>
    public static async Task<StoreOnDisk> CreateAsync(StoreKind kind, string folder)
    {
        switch (kind)
        {
            case StoreKind.Sqlite:
                return new StoreOnDisk(folder, null);
            case StoreKind.Redis:
                // The store's durable setting (AOF, fsync every second), with the AOF on the small disk.
                var redis = await PrivateRedisServer.StartAsync("--dir", folder, "--appendonly", "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction");
                return new StoreOnDisk(redis.Configuration, redis);
            default:
                var postgres = await PostgresServer.StartAsync(folder);
                return new StoreOnDisk(postgres.ConnectionString, postgres);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
