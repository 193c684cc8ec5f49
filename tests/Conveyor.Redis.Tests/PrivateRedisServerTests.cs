using Conveyor.Testing.Processes.Servers;

namespace Conveyor.Redis.Tests;

/// <summary>A test's own server is killed and restarted by its PID, and leaves nothing behind.</summary>
public sealed class PrivateRedisServerTests
{
    [Fact]
    public async Task RestartAsync_ReloadsTheAof_AfterKillAsync()
    {
        await using var server = await PrivateRedisServer.StartAsync("--appendonly", "yes", "--appendfsync", "always");
        await using (var connection = await RedisTestServer.ConnectAsync(server.Configuration))
        {
            await connection.GetDatabase().StringSetAsync("kept", "yes");
        }

        await server.KillAsync();
        Assert.False(await server.AnswersPingAsync());
        await server.RestartAsync();

        await using var reconnected = await RedisTestServer.ConnectAsync(server.Configuration);
        Assert.Equal("yes", await reconnected.GetDatabase().StringGetAsync("kept"));
    }

    [Fact]
    public async Task StartAsync_PassesTheTestsArguments_AfterTheSafeDefaults()
    {
        await using var server = await PrivateRedisServer.StartAsync("--maxmemory-policy", "allkeys-lru");
        await using var connection = await RedisTestServer.ConnectAsync(server.Configuration, admin: true);
        var admin = connection.GetServer(server.Configuration);

        var config = (await admin.ConfigGetAsync("*")).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

        Assert.Equal(
            ("allkeys-lru", "", "yes", "127.0.0.1", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), server.Directory),
            (config["maxmemory-policy"], config["save"], config["protected-mode"], config["bind"], config["port"], config["dir"]));
    }

    [Fact]
    public async Task DisposeAsync_EndsTheServerAndDeletesItsDirectory()
    {
        var server = await PrivateRedisServer.StartAsync();

        await server.DisposeAsync();

        Assert.False(Directory.Exists(server.Directory));
        Assert.False(await server.AnswersPingAsync());
    }
}
