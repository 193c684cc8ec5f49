using Conveyor.Storage;

namespace Conveyor.Testing;

/// <summary>
/// The reference store's rate limits: the sliding window of <see cref="IRateLimitStore"/> under the store's lock. Each
/// kept take carries a number from a counter, never handed out twice, which with its time is the take's token.
/// </summary>
public sealed partial class InMemoryJobStore : IRateLimitStore
{
    private readonly Dictionary<string, List<(DateTimeOffset At, long Id)>> _takes = new(StringComparer.Ordinal);
    private long _lastTakeId;

    /// <inheritdoc />
    public ValueTask ReleaseAsync(RateLimitRelease request, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_takes.TryGetValue(request.Key, out var takes))
            {
                takes.RemoveAll(t => t.Id == request.Token.Id && MicrosOf(t.At) == request.Token.At);
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <inheritdoc />
    public ValueTask<RateLimitResult> TryTakeAsync(RateLimitRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_takes.TryGetValue(request.Key, out var takes))
            {
                _takes[request.Key] = takes = [];
            }

            // Kept in the order taken: the oldest first.
            takes.RemoveAll(t => t.At <= now - request.Period);
            if (takes.Count > request.Limit)
            {
                takes.RemoveRange(0, takes.Count - request.Limit);
            }

            if (takes.Count >= request.Limit)
            {
                return ValueTask.FromResult(new RateLimitResult(false, takes[0].At + request.Period - now));
            }

            var take = (At: now, Id: ++_lastTakeId);
            takes.Add(take);
            return ValueTask.FromResult(new RateLimitResult(true, TimeSpan.Zero, Token: new RateLimitToken(MicrosOf(take.At), take.Id)));
        }
    }

    private static long MicrosOf(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
}
