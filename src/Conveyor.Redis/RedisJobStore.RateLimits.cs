using Conveyor.Storage;

namespace Conveyor.Redis;

/// <summary>
/// Rate limits: the sliding window of <see cref="IRateLimitStore"/>, one sorted set of take times per limited key
/// (<c>{prefix}:rate:KEY</c>), checked and written by one script on the server's clock. The key's hash tag is the
/// prefix, so on a Redis Cluster every limit lives in the slot of the store's global keys, whatever the key holds.
/// </summary>
public sealed partial class RedisJobStore : IRateLimitStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Allowed on a full server, like a fetch: a refused take would fail the attempt. A cancelled
    /// <paramref name="ct"/> stops the wait only; a take the script already allowed then goes unused.
    /// </remarks>
    public async ValueTask<RateLimitResult> TryTakeAsync(RateLimitRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var wait = (long)await connection.Scripts.RunAsync(
            "rate_take",
            [connection.Topology.Global + "rate:" + request.Key],
            [Now(), request.Limit, Micros.Of(request.Period), Random.Shared.NextInt64()],
            ct).ConfigureAwait(false);
        return wait == 0 ? new RateLimitResult(true, TimeSpan.Zero) : new RateLimitResult(false, TimeSpan.FromMicroseconds(wait));
    }
}
