using Conveyor.Storage;

namespace Conveyor.Tests.Runtime;

/// <summary>
/// A store behind a partition whose packets vanish rather than bounce: no call fails, every one waits until it is
/// cancelled (a client's own timeout may be far longer than a lease) — except the lease renewals
/// <see cref="AnswersRenewal"/> picks, which keep every lease (the network has healed for them). <see cref="Calls"/>
/// counts the calls made.
/// </summary>
internal sealed class SilentStore : IJobStore
{
    private int _calls;
    private int _renewals;

    /// <summary>Whether the renewal of this number (1 for the first) is answered; none is, unless set.</summary>
    public Func<int, bool> AnswersRenewal { get; init; } = _ => false;

    public StoreCapabilities Capabilities { get; } = new() { Name = "silent" };

    /// <summary>Calls made so far (each still waiting unless cancelled).</summary>
    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<InsertJobsResult> InsertAsync(InsertJobsRequest request, CancellationToken ct) => Hang<InsertJobsResult>(ct);

    public ValueTask<FetchJobsResult> FetchAsync(FetchJobsRequest request, CancellationToken ct) => Hang<FetchJobsResult>(ct);

    public ValueTask<ExtendLeasesResult> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken ct)
    {
        if (AnswersRenewal(Interlocked.Increment(ref _renewals)))
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(new ExtendLeasesResult([], []));
        }

        return Hang<ExtendLeasesResult>(ct);
    }

    public ValueTask<CompleteJobsResult> CompleteAsync(CompleteJobsRequest request, CancellationToken ct) => Hang<CompleteJobsResult>(ct);

    public ValueTask<PromoteDueResult> PromoteDueAsync(PromoteDueRequest request, CancellationToken ct) => Hang<PromoteDueResult>(ct);

    public ValueTask<bool> ReportProgressAsync(ReportProgressRequest request, CancellationToken ct) => Hang<bool>(ct);

    public ValueTask<GetExpiredLeasesResult> GetExpiredLeasesAsync(GetExpiredLeasesRequest request, CancellationToken ct) => Hang<GetExpiredLeasesResult>(ct);

    public ValueTask<DeleteFinalizedResult> DeleteFinalizedAsync(DeleteFinalizedRequest request, CancellationToken ct) => Hang<DeleteFinalizedResult>(ct);

    public ValueTask<LeadershipResult> TryAcquireLeadershipAsync(LeadershipRequest request, CancellationToken ct) => Hang<LeadershipResult>(ct);

    public async ValueTask ReleaseLeadershipAsync(ReleaseLeadershipRequest request, CancellationToken ct) => await Hang<bool>(ct);

    public async ValueTask RecordHeartbeatAsync(NodeHeartbeatRequest request, CancellationToken ct) => await Hang<bool>(ct);

    private async ValueTask<T> Hang<T>(CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        // Real time, not the test's fake clock: the call is cut off, not slow.
        await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        throw new InvalidOperationException("Unreachable: an infinite delay ended without cancellation.");
    }
}
