using Conveyor.Storage;

namespace Conveyor.Tests.Runtime;

/// <summary>A store behind a cut network: every call fails as a timed-out connection would.</summary>
internal sealed class UnreachableStore : IJobStore
{
    public StoreCapabilities Capabilities { get; } = new() { Name = "unreachable" };

    public ValueTask<InsertJobsResult> InsertAsync(InsertJobsRequest request, CancellationToken ct) => Fail<InsertJobsResult>();

    public ValueTask<FetchJobsResult> FetchAsync(FetchJobsRequest request, CancellationToken ct) => Fail<FetchJobsResult>();

    public ValueTask<ExtendLeasesResult> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken ct) => Fail<ExtendLeasesResult>();

    public ValueTask<CompleteJobsResult> CompleteAsync(CompleteJobsRequest request, CancellationToken ct) => Fail<CompleteJobsResult>();

    public ValueTask<PromoteDueResult> PromoteDueAsync(PromoteDueRequest request, CancellationToken ct) => Fail<PromoteDueResult>();

    public ValueTask<bool> ReportProgressAsync(ReportProgressRequest request, CancellationToken ct) => Fail<bool>();

    public ValueTask<GetExpiredLeasesResult> GetExpiredLeasesAsync(GetExpiredLeasesRequest request, CancellationToken ct) => Fail<GetExpiredLeasesResult>();

    public ValueTask<DeleteFinalizedResult> DeleteFinalizedAsync(DeleteFinalizedRequest request, CancellationToken ct) => Fail<DeleteFinalizedResult>();

    public ValueTask<LeadershipResult> TryAcquireLeadershipAsync(LeadershipRequest request, CancellationToken ct) => Fail<LeadershipResult>();

    public ValueTask ReleaseLeadershipAsync(ReleaseLeadershipRequest request, CancellationToken ct) => ValueTask.FromException(Unreachable());

    public ValueTask RecordHeartbeatAsync(NodeHeartbeatRequest request, CancellationToken ct) => ValueTask.FromException(Unreachable());

    private static ValueTask<T> Fail<T>() => ValueTask.FromException<T>(Unreachable());

    private static TimeoutException Unreachable() => new("The store did not answer: the network to it is cut.");
}
