using Conveyor.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Runtime;

/// <summary>
/// A store whose first fetch answers <paramref name="delay"/> late on the test's clock — as a fetch sent into a
/// partition is answered once it heals — and whose every other call goes straight to <paramref name="inner"/>. It
/// records how many jobs each fetch asked for.
/// </summary>
internal sealed class LateFetchStore(IJobStore inner, FakeTimeProvider time, TimeSpan delay) : DelegatingJobStore(inner)
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<int> _limits = new();
    private int _fetches;

    /// <summary>Each fetch's limit, in order.</summary>
    public IReadOnlyCollection<int> FetchLimits => _limits;

    /// <summary>Fetches answered so far.</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    public override async ValueTask<FetchJobsResult> FetchAsync(FetchJobsRequest request, CancellationToken ct)
    {
        _limits.Enqueue(request.Limit);
        var result = await Inner.FetchAsync(request, ct);
        if (Interlocked.Increment(ref _fetches) == 1)
        {
            time.Advance(delay);
        }

        return result;
    }
}
