using Conveyor.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Runtime;

/// <summary>
/// A store whose first fetch answers <paramref name="delay"/> late on the test's clock — as a fetch sent into a
/// partition is answered once it heals — and whose every other call goes straight to <paramref name="inner"/>. It
/// records how many jobs each fetch asked for.
/// </summary>
internal sealed class LateFetchStore(IJobStore inner, FakeTimeProvider time, TimeSpan delay) : IJobStore
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<int> _limits = new();
    private int _fetches;

    /// <summary>Each fetch's limit, in order.</summary>
    public IReadOnlyCollection<int> FetchLimits => _limits;

    /// <summary>Fetches answered so far.</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    public StoreCapabilities Capabilities => inner.Capabilities;

    public async ValueTask<FetchJobsResult> FetchAsync(FetchJobsRequest request, CancellationToken ct)
    {
        _limits.Enqueue(request.Limit);
        var result = await inner.FetchAsync(request, ct);
        if (Interlocked.Increment(ref _fetches) == 1)
        {
            time.Advance(delay);
        }

        return result;
    }

    public ValueTask<InsertJobsResult> InsertAsync(InsertJobsRequest request, CancellationToken ct) => inner.InsertAsync(request, ct);

    public ValueTask<ExtendLeasesResult> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken ct) => inner.ExtendLeasesAsync(request, ct);

    public ValueTask<CompleteJobsResult> CompleteAsync(CompleteJobsRequest request, CancellationToken ct) => inner.CompleteAsync(request, ct);

    public ValueTask<PromoteDueResult> PromoteDueAsync(PromoteDueRequest request, CancellationToken ct) => inner.PromoteDueAsync(request, ct);

    public ValueTask<bool> ReportProgressAsync(ReportProgressRequest request, CancellationToken ct) => inner.ReportProgressAsync(request, ct);

    public ValueTask<GetExpiredLeasesResult> GetExpiredLeasesAsync(GetExpiredLeasesRequest request, CancellationToken ct) => inner.GetExpiredLeasesAsync(request, ct);

    public ValueTask<DeleteFinalizedResult> DeleteFinalizedAsync(DeleteFinalizedRequest request, CancellationToken ct) => inner.DeleteFinalizedAsync(request, ct);

    public ValueTask<LeadershipResult> TryAcquireLeadershipAsync(LeadershipRequest request, CancellationToken ct) => inner.TryAcquireLeadershipAsync(request, ct);

    public ValueTask ReleaseLeadershipAsync(ReleaseLeadershipRequest request, CancellationToken ct) => inner.ReleaseLeadershipAsync(request, ct);

    public ValueTask RecordHeartbeatAsync(NodeHeartbeatRequest request, CancellationToken ct) => inner.RecordHeartbeatAsync(request, ct);
}
