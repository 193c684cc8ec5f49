using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>Wake-ups through pub/sub: scripts publish a queue's name when it gets available jobs.</summary>
public sealed partial class RedisJobStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Insert publishes when a queue's ready set goes from empty to not empty (an idle worker has seen it empty), and
    /// promotion, retries and interrupted jobs publish always. A message lost while the connection was down delays a job
    /// by at most one poll interval; the subscription comes back with the connection.
    /// </remarks>
    public async ValueTask<IAsyncDisposable> ListenAsync(Action<string?> onJobsAvailable, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var channel = RedisChannel.Literal(connection.Topology.Wake);
        var subscriber = connection.Multiplexer.GetSubscriber();
        Action<RedisChannel, RedisValue> handler = (_, queue) => onJobsAvailable(queue.IsNullOrEmpty ? null : (string)queue!);
        await subscriber.SubscribeAsync(channel, handler).WaitAsync(ct).ConfigureAwait(false);
        return new Subscription(subscriber, channel, handler);
    }

    /// <summary>Unsubscribes the handler when disposed.</summary>
    private sealed class Subscription(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await subscriber.UnsubscribeAsync(channel, handler).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The store's connection closed first; the subscription went with it.
            }
        }
    }
}
