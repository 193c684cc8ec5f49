using Conveyor.Testing.Processes.Servers;
using StackExchange.Redis;

namespace Conveyor.Redis.Tests;

/// <summary>The embedded Lua scripts run by their SHA1, and are given to a server again when it lost its script cache.</summary>
public sealed class RedisScriptsTests
{
    [Fact]
    public void Names_HoldEveryEmbeddedScript_WithoutItsFolderOrExtension() => Assert.Contains("server_time", RedisScripts.Names);

    [Fact]
    public async Task LoadAsync_CachesEveryScript_OnEachConnectedPrimary()
    {
        await using var first = await PrivateRedisServer.StartAsync();
        await using var second = await PrivateRedisServer.StartAsync();
        await using var connection = await RedisTestServer.ConnectAsync($"{first.Configuration},{second.Configuration}");

        await RedisScripts.LoadAsync(connection);

        Assert.Equal(
            [RedisScripts.Names.Count(), RedisScripts.Names.Count()],
            [await CachedScriptsAsync(connection, first), await CachedScriptsAsync(connection, second)]);
    }

    [Fact]
    public async Task RunAsync_RunsTheScriptAndLeavesItCached()
    {
        await using var server = await PrivateRedisServer.StartAsync();
        await using var connection = await RedisTestServer.ConnectAsync(server.Configuration);

        var result = await new RedisScripts(connection.GetDatabase()).RunAsync("server_time", [], []);

        Assert.Equal(ResultType.Integer, result.Resp2Type);
        Assert.Equal(1, await CachedScriptsAsync(connection, server));
    }

    [Fact]
    public async Task RunAsync_SucceedsAndRunsBySha1Again_WhenTheServerFlushedItsScripts()
    {
        await using var server = await PrivateRedisServer.StartAsync();
        await using var connection = await RedisTestServer.ConnectAsync(server.Configuration, admin: true);
        var admin = connection.GetServer(server.Configuration);
        var scripts = new RedisScripts(connection.GetDatabase());
        var before = (long)await scripts.RunAsync("server_time", [], []);
        await admin.ScriptFlushAsync();
        Assert.Equal(0, await CachedScriptsAsync(connection, server));

        var after = (long)await scripts.RunAsync("server_time", [], []);

        Assert.True(after >= before, $"The server's time went back from {before} to {after}.");
        Assert.Equal(1, await CachedScriptsAsync(connection, server));
        await admin.ExecuteAsync("CONFIG", "RESETSTAT");
        await scripts.RunAsync("server_time", [], []);
        var stats = await InfoAsync(connection, server, "commandstats");
        Assert.Matches("^cmdstat_evalsha:calls=1,.*,failed_calls=0$", Assert.Single(stats, line => line.StartsWith("cmdstat_evalsha:", StringComparison.Ordinal)));
        Assert.DoesNotContain(stats, line => line.StartsWith("cmdstat_eval:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Throws_WhenNoScriptHasThatName()
    {
        await using var connection = await RedisTestServer.ConnectAsync(RedisTestServer.Configuration);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new RedisScripts(connection.GetDatabase()).RunAsync("no_such_script", [], []));

        Assert.Contains("no_such_script.lua", error.Message, StringComparison.Ordinal);
    }

    /// <summary>How many scripts the server's script cache holds (its SHA1s are the store's own business).</summary>
    private static async Task<int> CachedScriptsAsync(IConnectionMultiplexer connection, PrivateRedisServer server)
    {
        const string Field = "number_of_cached_scripts:";
        var line = Assert.Single(await InfoAsync(connection, server, "memory"), line => line.StartsWith(Field, StringComparison.Ordinal));
        return int.Parse(line[Field.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string[]> InfoAsync(IConnectionMultiplexer connection, PrivateRedisServer server, string section) =>
        ((string)(await connection.GetServer(server.Configuration).ExecuteAsync("INFO", section))!).Split("\r\n");
}
