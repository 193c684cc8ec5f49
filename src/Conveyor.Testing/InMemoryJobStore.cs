using Conveyor.Storage;

namespace Conveyor.Testing;

/// <summary>
/// The reference store: every job in this process's memory, one lock, the injected <see cref="TimeProvider"/> as
/// its one clock. Passes the conformance suite; the behaviour other stores are held to. Nothing survives the
/// process, so use it for tests, demos and benchmarks of the runtime itself.
/// </summary>
public sealed partial class InMemoryJobStore : IJobStore, IJobAdminStore
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<long, JobRecord> _jobs = [];
    private readonly Dictionary<string, SortedSet<(int Priority, long Due, long Id)>> _available = new(StringComparer.Ordinal);
    private readonly SortedSet<(long Due, long Id)> _waiting = [];
    private readonly HashSet<long> _running = [];
    private readonly Dictionary<JobState, Queue<(DateTimeOffset FinalizedAt, long Id)>> _finalized = [];
    private readonly Dictionary<string, long> _uniqueKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Queue, string Kind, string Key), SortedSet<long>> _lines = [];
    private readonly HashSet<string> _paused = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Owner, DateTimeOffset ExpiresAt)> _leaders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private long _nextId;

    /// <summary>Creates an empty store on <paramref name="time"/>.</summary>
    public InMemoryJobStore(TimeProvider time) => _time = time;

    /// <inheritdoc />
    public StoreCapabilities Capabilities { get; } = new() { Name = "memory", OrderingKeys = true };

    /// <inheritdoc />
    public ValueTask<InsertJobsResult> InsertAsync(InsertJobsRequest request, CancellationToken ct)
    {
        if (request.Transaction is not null)
        {
            throw new NotSupportedException("The in-memory store cannot join a database transaction; transactional enqueue needs a SQL store.");
        }

        // All or none: every job is checked before the first one is stored.
        foreach (var job in request.Jobs)
        {
            Validate(job);
        }

        var inserted = new InsertedJob[request.Jobs.Count];
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            for (var i = 0; i < inserted.Length; i++)
            {
                inserted[i] = InsertOne(request.Jobs[i], now);
            }
        }

        return ValueTask.FromResult(new InsertJobsResult(inserted));
    }

    /// <inheritdoc />
    public ValueTask<FetchJobsResult> FetchAsync(FetchJobsRequest request, CancellationToken ct)
    {
        var fetched = new List<JobRecord>(Math.Min(request.Limit, 256));
        lock (_gate)
        {
            if (_paused.Contains(request.Queue) || !_available.TryGetValue(request.Queue, out var queue))
            {
                return ValueTask.FromResult(new FetchJobsResult(fetched));
            }

            var now = _time.GetUtcNow();
            // A job behind an unfinished one of its line stays available, passed over until it is first in line.
            var claimed = queue.Where(e => FirstInLine(_jobs[e.Id])).Take(request.Limit).ToList();
            foreach (var next in claimed)
            {
                queue.Remove(next);
                var job = _jobs[next.Id] with
                {
                    State = JobState.Running,
                    Attempt = _jobs[next.Id].Attempt + 1,
                    AttemptedAt = now,
                    LeaseOwner = request.Owner,
                    LeaseExpiresAt = now + request.LeaseDuration,
                    Progress = null,
                    Result = null,
                };
                _jobs[job.Id] = job;
                _running.Add(job.Id);
                fetched.Add(job);
            }
        }

        return ValueTask.FromResult(new FetchJobsResult(fetched));
    }

    /// <inheritdoc />
    public ValueTask<ExtendLeasesResult> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken ct)
    {
        var lost = new List<long>();
        var cancel = new List<long>();
        lock (_gate)
        {
            var expires = _time.GetUtcNow() + request.LeaseDuration;
            foreach (var lease in request.Leases)
            {
                if (!TryGetHeld(lease.JobId, lease.Attempt, request.Owner, out var job))
                {
                    lost.Add(lease.JobId);
                    continue;
                }

                _jobs[job.Id] = job with { LeaseExpiresAt = expires };
                if (job.CancelRequestedAt is not null)
                {
                    cancel.Add(job.Id);
                }
            }
        }

        return ValueTask.FromResult(new ExtendLeasesResult(lost, cancel));
    }

    /// <inheritdoc />
    public ValueTask<CompleteJobsResult> CompleteAsync(CompleteJobsRequest request, CancellationToken ct)
    {
        var stale = new List<long>();
        var applied = 0;
        var lineMoved = false;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var completion in request.Completions)
            {
                // The guard: only the lease holder of this very attempt may complete it.
                if (!TryGetHeld(completion.JobId, completion.Attempt, completion.LeaseOwner, out var job))
                {
                    stale.Add(completion.JobId);
                    continue;
                }

                Apply(job, completion, now);
                lineMoved |= job.OrderingKey is not null && completion.IsFinal;
                applied++;
            }
        }

        if (lineMoved)
        {
            _lineListeners.Raise();
        }

        return ValueTask.FromResult(new CompleteJobsResult(applied, stale));
    }

    /// <inheritdoc />
    public ValueTask<PromoteDueResult> PromoteDueAsync(PromoteDueRequest request, CancellationToken ct)
    {
        var queues = new HashSet<string>(StringComparer.Ordinal);
        var promoted = 0;
        lock (_gate)
        {
            var now = _time.GetUtcNow().UtcTicks;
            while (promoted < request.Limit && _waiting.Count > 0 && _waiting.Min.Due <= now)
            {
                var (_, id) = _waiting.Min;
                _waiting.Remove(_waiting.Min);
                var job = _jobs[id] with { State = JobState.Available };
                _jobs[id] = job;
                Index(job);
                queues.Add(job.Queue);
                promoted++;
            }
        }

        return ValueTask.FromResult(new PromoteDueResult(promoted, [.. queues]));
    }

    /// <inheritdoc />
    public ValueTask<GetExpiredLeasesResult> GetExpiredLeasesAsync(GetExpiredLeasesRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var expired = _running.Select(id => _jobs[id]).Where(j => j.LeaseExpiresAt <= now).OrderBy(j => j.LeaseExpiresAt).Take(request.Limit).ToList();
            return ValueTask.FromResult(new GetExpiredLeasesResult(expired));
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Walks the state's jobs in the order they finished, so a call for every queue costs what it deletes, never a
    /// scan of the store; one limited to some queues walks the finished jobs before the cutoff. Entries of jobs retried
    /// or deleted since they finished are dropped on the way.
    /// </remarks>
    public ValueTask<DeleteFinalizedResult> DeleteFinalizedAsync(DeleteFinalizedRequest request, CancellationToken ct)
    {
        var deleted = 0;
        lock (_gate)
        {
            if (_finalized.TryGetValue(request.State, out var finished))
            {
                var everyQueue = request.Queue is null && request.ExceptQueues.Count == 0;
                var passed = new List<(DateTimeOffset FinalizedAt, long Id)>();
                while (deleted < request.Limit && finished.TryPeek(out var next) && next.FinalizedAt < request.FinalizedBefore)
                {
                    finished.Dequeue();
                    if (!_jobs.TryGetValue(next.Id, out var job) || job.State != request.State || job.FinalizedAt != next.FinalizedAt)
                    {
                        continue;
                    }

                    if (everyQueue || InScope(job, request))
                    {
                        _jobs.Remove(next.Id);
                        deleted++;
                    }
                    else
                    {
                        passed.Add(next);
                    }
                }

                // Jobs of queues left out go back in front, in the order they finished.
                if (passed.Count > 0)
                {
                    _finalized[request.State] = new Queue<(DateTimeOffset, long)>(passed.Concat(finished));
                }
            }
        }

        return ValueTask.FromResult(new DeleteFinalizedResult(deleted));
    }

    /// <inheritdoc />
    public ValueTask<bool> ReportProgressAsync(ReportProgressRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(request.JobId, out var job) || job.State != JobState.Running || job.Attempt != request.Attempt || job.LeaseOwner != request.Owner)
            {
                return ValueTask.FromResult(false);
            }

            _jobs[job.Id] = job with { Progress = new JobProgress(request.Percent, request.Message, _time.GetUtcNow()) };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<LeadershipResult> TryAcquireLeadershipAsync(LeadershipRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_leaders.TryGetValue(request.Name, out var leader) && leader.Owner != request.Owner && leader.ExpiresAt > now)
            {
                return ValueTask.FromResult(new LeadershipResult(false));
            }

            _leaders[request.Name] = (request.Owner, now + request.Ttl);
            return ValueTask.FromResult(new LeadershipResult(true));
        }
    }

    /// <inheritdoc />
    public ValueTask ReleaseLeadershipAsync(ReleaseLeadershipRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_leaders.TryGetValue(request.Name, out var leader) && leader.Owner == request.Owner)
            {
                _leaders.Remove(request.Name);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RecordHeartbeatAsync(NodeHeartbeatRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            _nodes[request.Node.Id] = request.Node with { LastSeenAt = _time.GetUtcNow() };
        }

        return ValueTask.CompletedTask;
    }

    private static void Validate(NewJob job)
    {
        if (string.IsNullOrEmpty(job.Kind) || string.IsNullOrEmpty(job.Queue))
        {
            throw new ArgumentException("Every job needs a kind and a queue; nothing was inserted.", nameof(job));
        }
    }

    private InsertedJob InsertOne(NewJob job, DateTimeOffset now)
    {
        if (job.UniqueKey is { } key && _uniqueKeys.TryGetValue(key, out var existing))
        {
            return new InsertedJob(existing, Duplicate: true);
        }

        var scheduled = job.ScheduledAt is { } at && at > now;
        var record = new JobRecord
        {
            Id = ++_nextId,
            Kind = job.Kind,
            Queue = job.Queue,
            Args = job.Args.ToArray(),
            State = scheduled ? JobState.Scheduled : JobState.Available,
            Attempt = 0,
            MaxAttempts = job.MaxAttempts,
            Priority = job.Priority,
            ScheduledAt = scheduled ? job.ScheduledAt!.Value : now,
            CreatedAt = now,
            UniqueKey = job.UniqueKey,
            OrderingKey = job.OrderingKey,
            Tags = [.. job.Tags],
            TraceParent = job.TraceParent,
        };
        _jobs[record.Id] = record;
        if (record.UniqueKey is not null)
        {
            _uniqueKeys[record.UniqueKey] = record.Id;
        }

        Index(record);
        return new InsertedJob(record.Id, Duplicate: false);
    }

    private static bool InScope(JobRecord job, DeleteFinalizedRequest request) =>
        request.Queue is { } queue ? job.Queue == queue : !request.ExceptQueues.Contains(job.Queue);

    private void Apply(JobRecord job, JobCompletion completion, DateTimeOffset now)
    {
        _running.Remove(job.Id);
        var updated = job with
        {
            State = completion.TargetState,
            Attempt = completion.ChargesAttempt ? job.Attempt : job.Attempt - 1,
            ScheduledAt = completion.ScheduledAt ?? job.ScheduledAt,
            FinalizedAt = completion.IsFinal ? now : null,
            LeaseOwner = null,
            LeaseExpiresAt = null,
            Errors = completion.Error is { } error ? AppendError(job.Errors, error) : job.Errors,
            Result = completion.Result,
        };
        _jobs[job.Id] = updated;
        if (updated.State.IsFinal())
        {
            ReleaseUniqueKey(updated);
        }

        Index(updated);
    }

    private static IReadOnlyList<AttemptError> AppendError(IReadOnlyList<AttemptError> errors, AttemptError error) =>
        [.. errors.Skip(Math.Max(0, errors.Count + 1 - StoreLimits.MaxErrorsPerJob)), error];

    private bool TryGetHeld(long id, int attempt, string owner, out JobRecord job) =>
        _jobs.TryGetValue(id, out job!) && job.State == JobState.Running && job.Attempt == attempt && job.LeaseOwner == owner;

    /// <summary>
    /// Whether no job of <paramref name="job"/>'s line (queue, kind and ordering key) with a lower id is unfinished.
    /// A job is in its line from insert until it finishes, so two jobs of one line in one fetch cannot both be first.
    /// </summary>
    private bool FirstInLine(JobRecord job) =>
        job.OrderingKey is not { } key || _lines[(job.Queue, job.Kind, key)].Min == job.Id;

    /// <summary>
    /// Puts a job into the index of its state: available per queue, waiting by due time, or finished in finishing
    /// order; and into its line while it is unfinished, out of it once finished.
    /// </summary>
    private void Index(JobRecord job)
    {
        if (job.OrderingKey is { } key)
        {
            if (job.State.IsFinal())
            {
                LeaveLine(job);
            }
            else if (_lines.TryGetValue((job.Queue, job.Kind, key), out var line))
            {
                line.Add(job.Id);
            }
            else
            {
                _lines[(job.Queue, job.Kind, key)] = [job.Id];
            }
        }

        switch (job.State)
        {
            case JobState.Available:
                if (!_available.TryGetValue(job.Queue, out var queue))
                {
                    _available[job.Queue] = queue = [];
                }

                queue.Add((job.Priority, job.ScheduledAt.UtcTicks, job.Id));
                break;
            case JobState.Scheduled or JobState.Retryable:
                _waiting.Add((job.ScheduledAt.UtcTicks, job.Id));
                break;
            case JobState.Completed or JobState.Discarded or JobState.Cancelled when job.FinalizedAt is { } at:
                if (!_finalized.TryGetValue(job.State, out var finished))
                {
                    _finalized[job.State] = finished = new();
                }

                // Finishing order is time order while the clock moves forward; should it step back, a job is pruned late, never early.
                finished.Enqueue((at, job.Id));
                break;
        }
    }

    /// <summary>Takes a job out of the index of its state and out of its line.</summary>
    private void Unindex(JobRecord job)
    {
        LeaveLine(job);
        switch (job.State)
        {
            case JobState.Available when _available.TryGetValue(job.Queue, out var queue):
                queue.Remove((job.Priority, job.ScheduledAt.UtcTicks, job.Id));
                break;
            case JobState.Scheduled or JobState.Retryable:
                _waiting.Remove((job.ScheduledAt.UtcTicks, job.Id));
                break;
            case JobState.Running:
                _running.Remove(job.Id);
                break;
        }
    }

    private void LeaveLine(JobRecord job)
    {
        if (job.OrderingKey is { } key && _lines.TryGetValue((job.Queue, job.Kind, key), out var line) && line.Remove(job.Id) && line.Count == 0)
        {
            _lines.Remove((job.Queue, job.Kind, key));
        }
    }

    private void ReleaseUniqueKey(JobRecord job)
    {
        if (job.UniqueKey is { } key && _uniqueKeys.TryGetValue(key, out var holder) && holder == job.Id)
        {
            _uniqueKeys.Remove(key);
        }
    }
}
