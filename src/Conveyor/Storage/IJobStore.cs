namespace Conveyor.Storage;

/// <summary>
/// The runtime's hot path. Stores persist what the core decides; they never choose a state. Every due and lease
/// comparison uses the store's one clock. Implementations must pass the conformance suite unchanged.
/// </summary>
public interface IJobStore
{
    /// <summary>What the store supports.</summary>
    StoreCapabilities Capabilities { get; }

    /// <summary>Inserts jobs atomically; unique keys are enforced here, correct under concurrent inserts.</summary>
    ValueTask<InsertJobsResult> InsertAsync(InsertJobsRequest request, CancellationToken ct);

    /// <summary>Claims due jobs; a job is never returned twice while its lease holds.</summary>
    ValueTask<FetchJobsResult> FetchAsync(FetchJobsRequest request, CancellationToken ct);

    /// <summary>Renews leases; reports the lost ones and pending cancel requests.</summary>
    ValueTask<ExtendLeasesResult> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken ct);

    /// <summary>Applies completions under the Running + attempt + owner guard; stale ones are ignored and reported.</summary>
    ValueTask<CompleteJobsResult> CompleteAsync(CompleteJobsRequest request, CancellationToken ct);

    /// <summary>Records a running attempt's progress under the Running + attempt + owner guard; false when stale.</summary>
    ValueTask<bool> ReportProgressAsync(ReportProgressRequest request, CancellationToken ct);

    /// <summary>Makes due Scheduled and Retryable jobs Available.</summary>
    ValueTask<PromoteDueResult> PromoteDueAsync(PromoteDueRequest request, CancellationToken ct);

    /// <summary>Lists Running jobs whose lease has expired.</summary>
    ValueTask<GetExpiredLeasesResult> GetExpiredLeasesAsync(GetExpiredLeasesRequest request, CancellationToken ct);

    /// <summary>Deletes finalized jobs past retention, in small batches.</summary>
    ValueTask<DeleteFinalizedResult> DeleteFinalizedAsync(DeleteFinalizedRequest request, CancellationToken ct);

    /// <summary>Takes or renews a leadership; at most one owner holds it at a time.</summary>
    ValueTask<LeadershipResult> TryAcquireLeadershipAsync(LeadershipRequest request, CancellationToken ct);

    /// <summary>Gives up a leadership held by the owner.</summary>
    ValueTask ReleaseLeadershipAsync(ReleaseLeadershipRequest request, CancellationToken ct);

    /// <summary>Records that a node is alive.</summary>
    ValueTask RecordHeartbeatAsync(NodeHeartbeatRequest request, CancellationToken ct);
}
