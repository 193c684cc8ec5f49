using Conveyor.Testing.Processes.Servers;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Conveyor.Redis.Tests;

/// <summary>The store refuses a server that would lose jobs: an evicting maxmemory-policy, or AOF off when durability is required.</summary>
public sealed class RedisServerCheckTests
{
    [Fact]
    public async Task EnsureSafeAsync_Throws_WhenThePolicyEvicts()
    {
        await using var server = await PrivateRedisServer.StartAsync("--maxmemory-policy", "allkeys-lru");
        await using var connection = await RedisTestServer.ConnectAsync(server.Configuration, admin: true);
        var logger = new CapturingLogger();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new RedisServerCheck(connection, new RedisStoreOptions()).EnsureSafeAsync(logger, CancellationToken.None));

        Assert.Contains($"{server.Port} has maxmemory-policy allkeys-lru", error.Message, StringComparison.Ordinal);
        Assert.Contains("set maxmemory-policy noeviction", error.Message, StringComparison.Ordinal);
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task EnsureSafeAsync_LogsAWarning_WhenThePolicyEvictsAndUnsafeServersAreAllowed()
    {
        await using var server = await PrivateRedisServer.StartAsync("--maxmemory-policy", "allkeys-lru");
        await using var connection = await RedisTestServer.ConnectAsync(server.Configuration, admin: true);
        var logger = new CapturingLogger();

        await new RedisServerCheck(connection, new RedisStoreOptions { AllowUnsafeServer = true }).EnsureSafeAsync(logger, CancellationToken.None);

        var (level, message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("maxmemory-policy allkeys-lru", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureSafeAsync_Throws_WhenAofIsOffAndDurabilityIsRequired()
    {
        await using var server = await PrivateRedisServer.StartAsync("--appendonly", "no", "--maxmemory-policy", "noeviction");
        await using var connection = await RedisTestServer.ConnectAsync(server.Configuration, admin: true);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new RedisServerCheck(connection, new RedisStoreOptions { RequireDurability = true })
                .EnsureSafeAsync(new CapturingLogger(), CancellationToken.None));

        Assert.Contains($"{server.Port} has appendonly no", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("maxmemory-policy noeviction:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindProblemsAsync_FindsNone_WhenAofIsOffButDurabilityIsNotRequired()
    {
        await using var server = await PrivateRedisServer.StartAsync("--appendonly", "no", "--maxmemory-policy", "noeviction");

        Assert.Empty(await ProblemsAsync(server.Configuration, new RedisStoreOptions()));
    }

    [Fact]
    public async Task FindProblemsAsync_FindsNone_OnTheTestServer() =>
        Assert.Empty(await ProblemsAsync(RedisTestServer.Configuration, new RedisStoreOptions { RequireDurability = true }));

    [Fact]
    public async Task FindProblemsAsync_ChecksAllThreePrimaries_OfTheTestCluster()
    {
        await using var connection = await RedisTestServer.ConnectAsync(RedisTestServer.ClusterConfiguration, admin: true);

        var problems = await new RedisServerCheck(connection, new RedisStoreOptions { RequireDurability = true })
            .FindProblemsAsync(CancellationToken.None);

        Assert.Empty(problems);
        Assert.Equal(3, connection.GetServers().Count(server => server.IsConnected && !server.IsReplica));
    }

    [Fact]
    public async Task FindProblemsAsync_NamesOnlyTheUnsafePrimary_WhenConnectedToSeveral()
    {
        await using var safe = await PrivateRedisServer.StartAsync("--appendonly", "yes");
        await using var unsafeServer = await PrivateRedisServer.StartAsync("--appendonly", "no", "--maxmemory-policy", "volatile-ttl");

        var problems = await ProblemsAsync($"{safe.Configuration},{unsafeServer.Configuration}", new RedisStoreOptions { RequireDurability = true });

        Assert.Equal(2, problems.Count);
        Assert.All(problems, problem => Assert.StartsWith($"Redis at {unsafeServer.Configuration} has ", problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FindProblemsAsync_SaysItCannotCheck_WhenTheConnectionMayNotRunConfig()
    {
        // StackExchange.Redis sends CONFIG only on a connection with AllowAdmin: without it the server cannot be checked.
        await using var connection = await RedisTestServer.ConnectAsync(RedisTestServer.Configuration, admin: false);

        var problem = Assert.Single(await new RedisServerCheck(connection, new RedisStoreOptions()).FindProblemsAsync(CancellationToken.None));

        Assert.Contains("refused CONFIG GET", problem, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<string>> ProblemsAsync(string configuration, RedisStoreOptions options)
    {
        await using var connection = await RedisTestServer.ConnectAsync(configuration, admin: true);
        return await new RedisServerCheck(connection, options).FindProblemsAsync(CancellationToken.None);
    }
}
