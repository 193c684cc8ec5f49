using System.Globalization;
using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// Rate limits: the sliding window of <see cref="IRateLimitStore"/>, one sorted set of take times per limited key
/// (<c>{prefix}:rate:KEY</c>), checked and written by one script on the server's clock. The key's hash tag is the
/// prefix, so on a Redis Cluster every limit lives in the slot of the store's global keys, whatever the key holds. A
/// take's token is its member: the time the script counted it and the random suffix the take drew.
/// </summary>
public sealed partial class RedisJobStore : IRateLimitStore
{
    /// <inheritdoc />
    /// <remarks>One script on the key's sorted set, in the same slot as its takes.</remarks>
    public async ValueTask ReleaseAsync(RateLimitRelease request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var member = string.Create(CultureInfo.InvariantCulture, $"{request.Token.At}:{request.Token.Id}");
        await connection.Scripts.RunAsync("rate_release", [RateKey(connection, request.Key)], [member], ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Allowed on a full server, like a fetch: a refused take would fail the attempt. A cancelled
    /// <paramref name="ct"/> stops the wait only; a take the script already allowed then goes unused.
    /// </remarks>
    public async ValueTask<RateLimitResult> TryTakeAsync(RateLimitRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var suffix = Random.Shared.NextInt64();
        var reply = (RedisResult[])(await connection.Scripts.RunAsync(
            "rate_take",
            [RateKey(connection, request.Key)],
            [Now(), request.Limit, Micros.Of(request.Period), suffix],
            ct).ConfigureAwait(false))!;
        var wait = (long)reply[0];
        return wait == 0
            ? new RateLimitResult(true, TimeSpan.Zero, Token: new RateLimitToken((long)reply[1], suffix))
            : new RateLimitResult(false, TimeSpan.FromMicroseconds(wait));
    }

    private static RedisKey RateKey(Connection connection, string key) => connection.Topology.Global + "rate:" + key;
}
