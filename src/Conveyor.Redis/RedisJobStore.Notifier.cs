using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// Notifications through pub/sub: scripts publish a queue's name when it gets available jobs, and a count when running
/// jobs are asked to stop.
/// </summary>
public sealed partial class RedisJobStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Insert publishes when a queue's ready set goes from empty to not empty (an idle worker has seen it empty), and
    /// promotion, retries and interrupted jobs publish always. A message lost while the connection was down delays a job
    /// by at most one poll interval; the subscription comes back with the connection.
    /// </remarks>
    public ValueTask<IAsyncDisposable> ListenAsync(Action<string?> onJobsAvailable, CancellationToken ct) =>
        SubscribeAsync(t => t.Wake, (_, queue) => onJobsAvailable(queue.IsNullOrEmpty ? null : (string)queue!), ct);

    /// <inheritdoc />
    /// <remarks>
    /// The cancel script publishes when it puts a cancel request on at least one running job. On a cluster the primaries
    /// pass each message on to one another, so a subscriber sees the cancels of every queue, whichever primary holds it.
    /// A message lost while the connection was down delays the stop until the worker's next renewal, as without
    /// notifications.
    /// </remarks>
    public ValueTask<IAsyncDisposable> ListenForCancelRequestsAsync(Action onCancelRequested, CancellationToken ct) =>
        SubscribeAsync(t => t.Cancel, (_, _) => onCancelRequested(), ct);

    /// <summary>Subscribes <paramref name="handler"/> to the topology's <paramref name="channel"/> until the handle is disposed.</summary>
    private async ValueTask<IAsyncDisposable> SubscribeAsync(Func<RedisTopology, string> channel, Action<RedisChannel, RedisValue> handler, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var literal = RedisChannel.Literal(channel(connection.Topology));
        var subscriber = connection.Multiplexer.GetSubscriber();
        await subscriber.SubscribeAsync(literal, handler).WaitAsync(ct).ConfigureAwait(false);
        return new Subscription(subscriber, literal, handler);
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
