using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// The key layout's version, kept in <c>{prefix}:layout</c>. Version 1 is the layout of <c>Scripts/_common.lua</c>;
/// migrating to 0 deletes every key of the prefix. Migrating also connects and checks the server, so the job host
/// (which migrates at start) refuses an unsafe server before it runs a job.
/// </summary>
public sealed partial class RedisJobStore : IStoreMigrator
{
    private const int LayoutVersion = 1;

    /// <inheritdoc />
    public IReadOnlyList<int> KnownVersions { get; } = [LayoutVersion];

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<int>> GetAppliedVersionsAsync(CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var version = await connection.Database.StringGetAsync(LayoutKey(connection)).WaitAsync(ct).ConfigureAwait(false);
        return version.IsNull ? [] : [.. Enumerable.Range(1, (int)version)];
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The target is not 0 or a known version.</exception>
    public async ValueTask MigrateAsync(int? targetVersion, CancellationToken ct)
    {
        var target = targetVersion ?? LayoutVersion;
        if (target is < 0 or > LayoutVersion)
        {
            throw new ArgumentOutOfRangeException(nameof(targetVersion), target, $"The Redis store knows layout versions 0 to {LayoutVersion}.");
        }

        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        if (target == 0)
        {
            await DeleteAllKeysAsync(connection, ct).ConfigureAwait(false);
            return;
        }

        // Written only when it changes: a host must start on a full server (noeviction refuses every write), to drain it.
        if ((int?)await connection.Database.StringGetAsync(LayoutKey(connection)).WaitAsync(ct).ConfigureAwait(false) != target)
        {
            await connection.Database.StringSetAsync(LayoutKey(connection), target).WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public string PrintScript() =>
        $"""
        -- The Redis store has no schema to create: its keys appear as jobs are written. Migrating records layout version
        -- {LayoutVersion} in {"{" + Prefix + "}"}:layout. Every transition is one of these scripts, run by SHA1:
        {string.Join(Environment.NewLine, RedisScripts.Names.Order(StringComparer.Ordinal).Select(name => "--   Scripts/" + name + ".lua"))}
        """;

    /// <summary>Deletes every key of the prefix on every primary (SCAN and UNLINK, never KEYS).</summary>
    private async Task DeleteAllKeysAsync(Connection connection, CancellationToken ct)
    {
        string[] patterns = ["{" + Prefix + "}:*", Prefix + ":{*}:*"];
        foreach (var server in connection.Multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            foreach (var pattern in patterns)
            {
                var batch = new List<RedisKey>(500);
                await foreach (var key in server.KeysAsync(connection.Database.Database, pattern, pageSize: 500).WithCancellation(ct).ConfigureAwait(false))
                {
                    batch.Add(key);
                    if (batch.Count == 500)
                    {
                        await UnlinkAsync(connection.Database, batch).ConfigureAwait(false);
                    }
                }

                await UnlinkAsync(connection.Database, batch).ConfigureAwait(false);
            }
        }
    }

    private static async Task UnlinkAsync(IDatabase database, List<RedisKey> keys)
    {
        // Keys of several slots are unlinked one by one on a cluster; the batch is pipelined either way.
        await Task.WhenAll(keys.Select(key => database.KeyDeleteAsync(key))).ConfigureAwait(false);
        keys.Clear();
    }

    private RedisKey LayoutKey(Connection connection) => connection.Topology.Global + "layout";
}
