using Conveyor.Storage;

namespace Conveyor.Testing;

/// <summary>The reference store's rate limits: the sliding window of <see cref="IRateLimitStore"/> under the store's lock.</summary>
public sealed partial class InMemoryJobStore : IRateLimitStore
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _takes = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<RateLimitResult> TryTakeAsync(RateLimitRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_takes.TryGetValue(request.Key, out var takes))
            {
                _takes[request.Key] = takes = new Queue<DateTimeOffset>();
            }

            while (takes.TryPeek(out var oldest) && (oldest <= now - request.Period || takes.Count > request.Limit))
            {
                takes.Dequeue();
            }

            if (takes.Count >= request.Limit)
            {
                return ValueTask.FromResult(new RateLimitResult(false, takes.Peek() + request.Period - now));
            }

            takes.Enqueue(now);
            return ValueTask.FromResult(new RateLimitResult(true, TimeSpan.Zero));
        }
    }
}
