namespace Conveyor.Storage;

/// <summary>Read one job.</summary>
public sealed record GetJobRequest
{
    /// <summary>The job's id.</summary>
    public required long JobId { get; init; }
}

/// <summary>List jobs newest first with keyset paging and filters.</summary>
public sealed record ListJobsRequest
{
    /// <summary>Only this state, if set.</summary>
    public JobState? State { get; init; }

    /// <summary>Only this queue, if set.</summary>
    public string? Queue { get; init; }

    /// <summary>Only this kind, if set.</summary>
    public string? Kind { get; init; }

    /// <summary>Only jobs carrying this tag, if set.</summary>
    public string? Tag { get; init; }

    /// <summary>
    /// Only jobs whose arguments (their stored JSON, byte for byte) or errors contain this text, case-sensitive, if set:
    /// an order id, an e-mail address, an exception's name. An error is matched as the store keeps it (JSON in SQLite
    /// and PostgreSQL), so plain words and numbers match alike everywhere. Encrypted arguments match nothing.
    /// </summary>
    public string? Text { get; init; }

    /// <summary>Only jobs with an id below this (the previous page's last id), if set.</summary>
    public long? BeforeId { get; init; }

    /// <summary>
    /// Only jobs with an id above this, if set: bounds how far back one page reads, for a filter that may match few jobs
    /// (the dashboard's text search reads a window of ids per page, so a rare text on a large store stays quick).
    /// </summary>
    public long? AfterId { get; init; }

    /// <summary>Page size.</summary>
    public int Limit { get; init; } = 50;
}

/// <summary>What a job must match for <see cref="ListJobsRequest"/>'s filters, for stores that filter in code.</summary>
public static class ListJobsFilter
{
    /// <summary>Whether <paramref name="job"/> passes the state, queue, kind, tag and text filters (paging aside).</summary>
    public static bool Matches(this ListJobsRequest request, JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(job);
        return (request.State is null || job.State == request.State)
            && (request.Queue is null || job.Queue == request.Queue)
            && (request.Kind is null || job.Kind == request.Kind)
            && (request.Tag is null || job.Tags.Contains(request.Tag, StringComparer.Ordinal))
            && (string.IsNullOrEmpty(request.Text) || ContainsText(job, request.Text));
    }

    private static bool ContainsText(JobRecord job, string text) =>
        job.Args.Span.IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0
        || job.Errors.Any(e => e.Message.Contains(text, StringComparison.Ordinal) || e.ExceptionType.Contains(text, StringComparison.Ordinal));
}

/// <summary>A page of jobs, ids descending.</summary>
public sealed record ListJobsResult(IReadOnlyList<JobRecord> Jobs);

/// <summary>Count jobs per queue and state.</summary>
public sealed record CountJobsRequest;

/// <summary>Job counts; states with no jobs are absent.</summary>
public sealed record CountJobsResult(IReadOnlyList<QueueStateCount> Counts);

/// <summary>How many jobs of one queue are in one state.</summary>
public readonly record struct QueueStateCount(string Queue, JobState State, long Count);

/// <summary>Act on a set of jobs by id.</summary>
public sealed record JobIdsRequest
{
    /// <summary>The jobs.</summary>
    public required IReadOnlyList<long> JobIds { get; init; }
}

/// <summary>The ids the action applied to; the others were missing or in a state it does not apply to.</summary>
public sealed record JobIdsResult(IReadOnlyList<long> Applied);

/// <summary>List the queues that have jobs or are paused.</summary>
public sealed record ListQueuesRequest;

/// <summary>The queues, by name.</summary>
public sealed record ListQueuesResult(IReadOnlyList<QueueInfo> Queues);

/// <summary>A queue, whether fetching from it is paused, and how long its next job has waited.</summary>
public sealed record QueueInfo(string Name, bool Paused)
{
    /// <summary>
    /// The due time of the Available job the queue hands out next (highest priority, then earliest due, then lowest
    /// id), so its wait began then: now minus this is the queue's latency. Null when no job is available.
    /// </summary>
    public DateTimeOffset? NextDueAt { get; init; }
}

/// <summary>Pause or resume fetching from a queue.</summary>
public sealed record SetQueuePausedRequest
{
    /// <summary>The queue.</summary>
    public required string Queue { get; init; }

    /// <summary>True to pause, false to resume.</summary>
    public required bool Paused { get; init; }
}

/// <summary>List nodes seen since a time.</summary>
public sealed record ListNodesRequest
{
    /// <summary>Only nodes that reported after this time.</summary>
    public required DateTimeOffset SeenSince { get; init; }
}

/// <summary>The nodes.</summary>
public sealed record ListNodesResult(IReadOnlyList<NodeInfo> Nodes);
