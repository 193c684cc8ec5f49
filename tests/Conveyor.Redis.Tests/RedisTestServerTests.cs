namespace Conveyor.Redis.Tests;

/// <summary>A test's key prefix is its own: its cleanup removes its keys on every primary, and no other test's.</summary>
public sealed class RedisTestServerTests
{
    private const int KeysEach = 30;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DeleteKeysAsync_RemovesThePrefixsKeysOnly_OnEveryPrimary(bool cluster)
    {
        await using var connection = await RedisTestServer.ConnectAsync(
            cluster ? RedisTestServer.ClusterConfiguration : RedisTestServer.Configuration);
        var database = connection.GetDatabase();
        var (deleted, kept) = (RedisTestServer.NewPrefix(), RedisTestServer.NewPrefix());
        var keys = Enumerable.Range(0, KeysEach).Select(i => $"{deleted}:{i}").ToList();
        var others = Enumerable.Range(0, KeysEach).Select(i => $"{kept}:{i}").ToList();
        await Task.WhenAll(keys.Concat(others).Select(key => database.StringSetAsync(key, "v")));
        try
        {
            await RedisTestServer.DeleteKeysAsync(connection, deleted);

            Assert.Equal(cluster ? 3 : 1, (await Task.WhenAll(keys.Select(key => database.IdentifyEndpointAsync(key)))).Distinct().Count());
            Assert.DoesNotContain(true, await Task.WhenAll(keys.Select(key => database.KeyExistsAsync(key))));
            Assert.DoesNotContain(false, await Task.WhenAll(others.Select(key => database.KeyExistsAsync(key))));
        }
        finally
        {
            await RedisTestServer.DeleteKeysAsync(connection, kept);
        }
    }
}
