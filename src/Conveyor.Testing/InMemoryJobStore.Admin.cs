using Conveyor.Storage;

namespace Conveyor.Testing;

/// <summary>The admin side of <see cref="InMemoryJobStore"/>: reads and repairs for the CLI and dashboard.</summary>
public sealed partial class InMemoryJobStore
{
    /// <inheritdoc />
    public ValueTask<JobRecord?> GetJobAsync(GetJobRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_jobs.GetValueOrDefault(request.JobId));
        }
    }

    /// <inheritdoc />
    public ValueTask<ListJobsResult> ListJobsAsync(ListJobsRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var page = _jobs.Values
                .Where(j => request.Matches(j) && (request.BeforeId is null || j.Id < request.BeforeId) && (request.AfterId is null || j.Id > request.AfterId))
                .OrderByDescending(j => j.Id)
                .Take(request.Limit)
                .ToList();
            return ValueTask.FromResult(new ListJobsResult(page));
        }
    }

    /// <inheritdoc />
    public ValueTask<CountJobsResult> CountJobsAsync(CountJobsRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var counts = _jobs.Values
                .GroupBy(j => (j.Queue, j.State))
                .Select(g => new QueueStateCount(g.Key.Queue, g.Key.State, g.LongCount()))
                .ToList();
            return ValueTask.FromResult(new CountJobsResult(counts));
        }
    }

    /// <inheritdoc />
    public ValueTask<JobIdsResult> RetryJobsAsync(JobIdsRequest request, CancellationToken ct) =>
        Act(request, (job, now) =>
        {
            if (job.State is JobState.Running or JobState.Available)
            {
                return false;
            }

            if (job.UniqueKey is { } key && _uniqueKeys.TryGetValue(key, out var holder) && holder != job.Id)
            {
                return false; // another unfinished job holds the key now: retrying would break uniqueness
            }

            Replace(job, job with { State = JobState.Available, Attempt = 0, ScheduledAt = now, FinalizedAt = null, CancelRequestedAt = null });
            if (job.UniqueKey is not null)
            {
                _uniqueKeys[job.UniqueKey] = job.Id;
            }

            return true;
        });

    /// <inheritdoc />
    public ValueTask<JobIdsResult> CancelJobsAsync(JobIdsRequest request, CancellationToken ct)
    {
        var running = false;
        var result = Act(request, (job, now) =>
        {
            switch (job.State)
            {
                case JobState.Running:
                    _jobs[job.Id] = job with { CancelRequestedAt = job.CancelRequestedAt ?? now };
                    running = true;
                    return true;
                case JobState.Available or JobState.Scheduled or JobState.Retryable:
                    Replace(job, job with { State = JobState.Cancelled, FinalizedAt = now });
                    ReleaseUniqueKey(job);
                    return true;
                default:
                    return false;
            }
        });
        if (running)
        {
            _cancelListeners.Raise();
        }

        return result;
    }

    /// <inheritdoc />
    public ValueTask<JobIdsResult> DeleteJobsAsync(JobIdsRequest request, CancellationToken ct) =>
        Act(request, (job, _) =>
        {
            if (job.State == JobState.Running)
            {
                return false;
            }

            Unindex(job);
            ReleaseUniqueKey(job);
            _jobs.Remove(job.Id);
            return true;
        });

    /// <inheritdoc />
    public ValueTask<ListQueuesResult> ListQueuesAsync(ListQueuesRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var queues = _jobs.Values.Select(j => j.Queue).Concat(_paused).Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .Select(q => new QueueInfo(q, _paused.Contains(q)) { NextDueAt = NextDueAt(q) })
                .ToList();
            return ValueTask.FromResult(new ListQueuesResult(queues));
        }
    }

    private DateTimeOffset? NextDueAt(string queue) =>
        _available.TryGetValue(queue, out var ready) && ready.Count > 0 ? new DateTimeOffset(ready.Min.Due, TimeSpan.Zero) : null;

    /// <inheritdoc />
    public ValueTask SetQueuePausedAsync(SetQueuePausedRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            if (request.Paused)
            {
                _paused.Add(request.Queue);
            }
            else
            {
                _paused.Remove(request.Queue);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ListNodesResult> ListNodesAsync(ListNodesRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var nodes = _nodes.Values.Where(n => n.LastSeenAt >= request.SeenSince).OrderBy(n => n.Id, StringComparer.Ordinal).ToList();
            return ValueTask.FromResult(new ListNodesResult(nodes));
        }
    }

    private ValueTask<JobIdsResult> Act(JobIdsRequest request, Func<JobRecord, DateTimeOffset, bool> action)
    {
        var applied = new List<long>();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var id in request.JobIds.Distinct())
            {
                if (_jobs.TryGetValue(id, out var job) && action(job, now))
                {
                    applied.Add(id);
                }
            }
        }

        return ValueTask.FromResult(new JobIdsResult(applied));
    }

    private void Replace(JobRecord current, JobRecord updated)
    {
        Unindex(current);
        _jobs[updated.Id] = updated;
        Index(updated);
    }
}
