using Conveyor.Storage;

namespace Conveyor.Tests.Runtime;

/// <summary>A store that sends every call to <paramref name="inner"/>; a test's store overrides the calls it bends.</summary>
internal abstract class DelegatingJobStore(IJobStore inner) : IJobStore
{
    /// <summary>The store the calls go to.</summary>
    protected IJobStore Inner => inner;

    public StoreCapabilities Capabilities => inner.Capabilities;

    public virtual ValueTask<FetchJobsResult> FetchAsync(FetchJobsRequest request, CancellationToken ct) => inner.FetchAsync(request, ct);

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
