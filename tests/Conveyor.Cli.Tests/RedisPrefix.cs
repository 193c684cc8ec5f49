using Conveyor.Redis;

namespace Conveyor.Cli.Tests;

/// <summary>A key prefix of its own for one test on <see cref="TestRedis"/>, every key under it deleted afterwards.</summary>
internal sealed class RedisPrefix : ITestStore
{
    public string Name { get; } = $"cli_{Guid.NewGuid():N}";

    public string Store => $"redis:{TestRedis.Configuration},prefix={Name}";

    public async ValueTask DisposeAsync()
    {
        // Migrating the layout down to 0 deletes every key of the prefix, on every primary.
        await using var store = new RedisJobStore(TestRedis.Configuration, new RedisStoreOptions { Prefix = Name });
        await store.MigrateAsync(0, CancellationToken.None);
    }
}
