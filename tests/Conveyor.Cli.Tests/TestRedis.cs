namespace Conveyor.Cli.Tests;

/// <summary>The Redis server the tests use: <c>CONVEYOR_TEST_REDIS</c>, which <c>test.sh</c> exports.</summary>
internal static class TestRedis
{
    private const string Variable = "CONVEYOR_TEST_REDIS";

    /// <summary>The StackExchange.Redis configuration; fails the test (never skips it) when the variable is not set.</summary>
    public static string Configuration =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configuration
            ? configuration.TrimEnd(',')
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the Redis tests cannot run. Run ./test.sh (it starts a throw-away server and exports it), "
                + $"or `source scripts/redis-test-server.sh && redis_test_servers_start`, or export {Variable}=\"127.0.0.1:6379\" for a server of your own "
                + "(maxmemory-policy noeviction).");
}
