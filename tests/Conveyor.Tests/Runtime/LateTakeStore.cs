using Conveyor.Storage;
using Conveyor.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Runtime;

/// <summary>
/// The in-memory store, whose rate-limit takes answer <paramref name="lateBy"/> late on the test's clock (as a worker
/// slow to reach its handler sees them), and whose handler transactions cannot begin (a database gone at that moment).
/// It counts the takes handed back.
/// </summary>
internal sealed class LateTakeStore(InMemoryJobStore inner, FakeTimeProvider time, TimeSpan lateBy) : IJobStore, IRateLimitStore, ITransactionalCompletionStore
{
    private int _releases;

    /// <summary>Takes handed back so far.</summary>
    public int Releases => Volatile.Read(ref _releases);

    public StoreCapabilities Capabilities => inner.Capabilities;

    public async ValueTask<RateLimitResult> TryTakeAsync(RateLimitRequest request, CancellationToken ct)
    {
        var result = await inner.TryTakeAsync(request, ct);
        time.Advance(lateBy);
        return result;
    }

    public ValueTask ReleaseAsync(RateLimitRelease request, CancellationToken ct)
    {
        Interlocked.Increment(ref _releases);
        return inner.ReleaseAsync(request, ct);
    }

    public ValueTask<IHandlerTransaction> BeginHandlerTransactionAsync(CancellationToken ct) =>
        throw new InvalidOperationException("The database is unreachable.");

    public ValueTask<InsertJobsResult> InsertAsync(InsertJobsRequest request, CancellationToken ct) => inner.InsertAsync(request, ct);

    public ValueTask<FetchJobsResult> FetchAsync(FetchJobsRequest request, CancellationToken ct) => inner.FetchAsync(request, ct);

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
