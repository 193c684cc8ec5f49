using Conveyor.Storage;
using Conveyor.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Runtime;

/// <summary>
/// The in-memory store, whose rate-limit takes answer late on the test's clock by what <paramref name="lateBy"/> says
/// for each (1 for the first), as a worker slow to reach its handler sees them, and whose handler transactions cannot
/// begin (a database gone at that moment). It counts the takes allowed and those handed back.
/// </summary>
internal sealed class LateTakeStore(InMemoryJobStore inner, FakeTimeProvider time, Func<int, TimeSpan> lateBy) : IJobStore, IRateLimitStore, ITransactionalCompletionStore
{
    private int _releases;
    private int _takes;

    /// <summary>Takes handed back so far.</summary>
    public int Releases => Volatile.Read(ref _releases);

    /// <summary>Takes allowed so far.</summary>
    public int Takes => Volatile.Read(ref _takes);

    public StoreCapabilities Capabilities => inner.Capabilities;

    public async ValueTask<RateLimitResult> TryTakeAsync(RateLimitRequest request, CancellationToken ct)
    {
        var result = await inner.TryTakeAsync(request, ct);
        if (result.Allowed)
        {
            time.Advance(lateBy(Interlocked.Increment(ref _takes)));
        }

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
