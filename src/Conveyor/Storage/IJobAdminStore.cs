namespace Conveyor.Storage;

/// <summary>The read side and admin commands, for the CLI and the dashboard. Never on the hot path.</summary>
public interface IJobAdminStore
{
    /// <summary>One job, or null if it does not exist.</summary>
    ValueTask<JobRecord?> GetJobAsync(GetJobRequest request, CancellationToken ct);

    /// <summary>Jobs newest first, filtered, keyset-paged.</summary>
    ValueTask<ListJobsResult> ListJobsAsync(ListJobsRequest request, CancellationToken ct);

    /// <summary>Counts per queue × state.</summary>
    ValueTask<CountJobsResult> CountJobsAsync(CountJobsRequest request, CancellationToken ct);

    /// <summary>
    /// Makes final (Completed, Discarded, Cancelled) or Retryable/Scheduled jobs Available now, with a fresh attempt budget
    /// (attempt reset to 0) and their error history kept. Running and Available jobs are left alone.
    /// </summary>
    ValueTask<JobIdsResult> RetryJobsAsync(JobIdsRequest request, CancellationToken ct);

    /// <summary>
    /// Cancels jobs: Available, Scheduled and Retryable ones become Cancelled at once; Running ones get a cancel
    /// request that their worker sees at once through <see cref="INotifier.ListenForCancelRequestsAsync"/>, or at its
    /// next lease renewal. Final jobs are left alone.
    /// </summary>
    ValueTask<JobIdsResult> CancelJobsAsync(JobIdsRequest request, CancellationToken ct);

    /// <summary>Deletes jobs that are not Running.</summary>
    ValueTask<JobIdsResult> DeleteJobsAsync(JobIdsRequest request, CancellationToken ct);

    /// <summary>The queues that have jobs or a paused flag.</summary>
    ValueTask<ListQueuesResult> ListQueuesAsync(ListQueuesRequest request, CancellationToken ct);

    /// <summary>Pauses or resumes fetching from a queue, for every worker.</summary>
    ValueTask SetQueuePausedAsync(SetQueuePausedRequest request, CancellationToken ct);

    /// <summary>Worker nodes that reported recently.</summary>
    ValueTask<ListNodesResult> ListNodesAsync(ListNodesRequest request, CancellationToken ct);
}
