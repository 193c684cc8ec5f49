using Conveyor.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor;

/// <summary>Registers the Redis store.</summary>
public static class RedisConveyorBuilderExtensions
{
    /// <summary>
    /// Uses the Redis of <paramref name="configuration"/> (a StackExchange.Redis configuration string, e.g.
    /// <c>127.0.0.1:6379</c>, or endpoints of a Redis Cluster) as the job store, keys under
    /// <see cref="RedisStoreOptions.Prefix"/>. Due times and leases follow the server's clock. At start the store refuses
    /// a server with an evicting <c>maxmemory-policy</c>, or without AOF when <see cref="RedisStoreOptions.RequireDurability"/> is set.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration is empty or malformed, or <paramref name="configure"/> set an invalid prefix.</exception>
    public static ConveyorBuilder UseRedis(this ConveyorBuilder builder, string configuration, Action<RedisStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var options = new RedisStoreOptions();
        configure?.Invoke(options);
        StackExchange.Redis.ConfigurationOptions.Parse(configuration);
        return builder.UseStore(sp => new RedisJobStore(configuration, options, sp.GetService<ILogger<RedisJobStore>>()));
    }
}
