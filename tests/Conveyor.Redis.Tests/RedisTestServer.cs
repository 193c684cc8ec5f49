using Conveyor.Testing.Processes.Servers;
using StackExchange.Redis;

namespace Conveyor.Redis.Tests;

/// <summary>
/// The shared throw-away Redis servers <c>./test.sh</c> starts (a standalone one and a cluster of three primaries), and a
/// key prefix of its own for each test, so tests run in parallel. Their configuration is never changed: a test that must
/// change a server's config or kill it uses a <see cref="PrivateRedisServer"/>.
/// </summary>
internal static class RedisTestServer
{
    /// <summary>The standalone server (AOF on, noeviction). A missing variable fails the test: the suite never skips Redis.</summary>
    public static string Configuration => FromEnvironment("CONVEYOR_TEST_REDIS", "127.0.0.1:26379");

    /// <summary>Every primary of the cluster, comma-separated. A missing variable fails the test: the suite never skips Redis.</summary>
    public static string ClusterConfiguration =>
        FromEnvironment("CONVEYOR_TEST_REDIS_CLUSTER", "127.0.0.1:26380,127.0.0.1:26381,127.0.0.1:26382");

    /// <summary>
    /// Connects to <paramref name="configuration"/>; <paramref name="admin"/> allows the commands StackExchange.Redis keeps
    /// behind admin mode (<c>CONFIG</c>, <c>SCRIPT FLUSH</c>…).
    /// </summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(string configuration, bool admin = false)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AllowAdmin = admin;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>A key prefix no other test uses, e.g. <c>t3f2a…</c>.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N");

    /// <summary>Deletes every key starting with <paramref name="prefix"/>, on every connected primary.</summary>
    public static async Task DeleteKeysAsync(IConnectionMultiplexer connection, string prefix)
    {
        foreach (var server in connection.GetServers().Where(server => server.IsConnected && !server.IsReplica))
        {
            var unlinks = new List<Task>();
            await foreach (var key in server.KeysAsync(pattern: prefix + "*"))
            {
                // One key per UNLINK: a cluster refuses keys of different slots in one command.
                unlinks.Add(server.ExecuteAsync("UNLINK", key));
            }

            await Task.WhenAll(unlinks);
        }
    }

    private static string FromEnvironment(string variable, string example) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Run ./test.sh, which starts throw-away Redis servers on 127.0.0.1 and exports it, or in bash "
                + $"`source scripts/redis-test-server.sh && redis_test_servers_start`; it looks like {example}.");
}
