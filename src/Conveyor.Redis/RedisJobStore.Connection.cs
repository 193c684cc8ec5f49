using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>Connecting: once, at the first call, with the server check and the scripts loaded.</summary>
public sealed partial class RedisJobStore
{
    /// <summary>
    /// Connects and checks the server now rather than at the first call, so an unsafe or unreachable server is reported
    /// at start (the job host calls this through <see cref="MigrateAsync"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The server would drop jobs and unsafe servers are not allowed.</exception>
    /// <exception cref="RedisConnectionException">The server cannot be reached.</exception>
    public async ValueTask ConnectAndCheckAsync(CancellationToken ct) => await ConnectAsync(ct).ConfigureAwait(false);

    private ValueTask<Connection> ConnectAsync(CancellationToken ct) =>
        Volatile.Read(ref _connection) is { } connection ? ValueTask.FromResult(connection) : new ValueTask<Connection>(ConnectOnceAsync(ct));

    private async Task<Connection> ConnectOnceAsync(CancellationToken ct)
    {
        await _connecting.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is { } connected)
            {
                return connected;
            }

            var multiplexer = await ConnectionMultiplexer.ConnectAsync(_configuration.Clone()).WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await new RedisServerCheck(multiplexer, _options).EnsureSafeAsync(_logger, ct).ConfigureAwait(false);
                await RedisScripts.LoadAsync(multiplexer).WaitAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                await multiplexer.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            var database = multiplexer.GetDatabase();
            var scripts = new RedisScripts(database);
            var cluster = multiplexer.GetServers().Any(server => server.ServerType == ServerType.Cluster);
            var topology = new RedisTopology(_options.Prefix, cluster, database, scripts);
            _connection = new Connection(multiplexer, database, scripts, topology);
            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>The open connection and what hangs off it.</summary>
    private sealed record Connection(ConnectionMultiplexer Multiplexer, IDatabase Database, RedisScripts Scripts, RedisTopology Topology);
}
