using System.Collections.Concurrent;

namespace Conveyor.Chaos.Tests.SlowStore;

/// <summary>
/// What the hosts of one run asked their store and heard back, as seen by <see cref="ObservedJobStore"/>: lease
/// fetches and lease renewals (when each was sent and answered), leases reported lost (and when), expired leases the
/// rescuer found, stale completions and leadership changes.
/// </summary>
public sealed class StoreCalls
{
    private readonly ConcurrentQueue<RenewalCall> _renewals = new();
    private readonly ConcurrentQueue<LostLease> _lost = new();
    private readonly ConcurrentDictionary<long, long> _fetchedAt = new();
    private readonly Lock _leaderLock = new();
    private string? _leader;
    private int _leasesRenewed;
    private int _renewalFailures;
    private int _expiredLeasesSeen;
    private int _staleCompletions;
    private int _leadershipChanges;

    /// <summary>Every renewal call that got an answer.</summary>
    public IReadOnlyCollection<RenewalCall> Renewals => _renewals;

    /// <summary>When each job's fetch was answered (its lease began), by job id.</summary>
    public IReadOnlyDictionary<long, long> FetchedAt => _fetchedAt;

    /// <summary>Leases renewed (a call renews every lease its node holds).</summary>
    public int LeasesRenewed => Volatile.Read(ref _leasesRenewed);

    /// <summary>Leases a renewal reported lost, each with when the answer came.</summary>
    public IReadOnlyCollection<LostLease> LostLeases => _lost;

    /// <summary>Renewal calls that failed (the store unreachable or timing out).</summary>
    public int RenewalFailures => Volatile.Read(ref _renewalFailures);

    /// <summary>Running jobs the rescuer found with an expired lease: each one is a rescue.</summary>
    public int ExpiredLeasesSeen => Volatile.Read(ref _expiredLeasesSeen);

    /// <summary>Completions the store refused as stale (their worker had lost the job).</summary>
    public int StaleCompletions => Volatile.Read(ref _staleCompletions);

    /// <summary>How often the maintenance leadership passed to another node after the first election.</summary>
    public int LeadershipChanges => Volatile.Read(ref _leadershipChanges);

    internal void Renewed(RenewalCall call, IEnumerable<long> lost)
    {
        _renewals.Enqueue(call);
        Interlocked.Add(ref _leasesRenewed, call.Renewed.Count);
        foreach (var id in lost)
        {
            _lost.Enqueue(new LostLease(id, call.AnsweredAt));
        }
    }

    internal void Fetched(IEnumerable<long> jobIds, long answeredAt)
    {
        foreach (var id in jobIds)
        {
            _fetchedAt[id] = answeredAt;
        }
    }

    internal void RenewalFailed() => Interlocked.Increment(ref _renewalFailures);

    internal void ExpiredLeases(int count) => Interlocked.Add(ref _expiredLeasesSeen, count);

    internal void Stale(int count) => Interlocked.Add(ref _staleCompletions, count);

    internal void Leads(string owner)
    {
        lock (_leaderLock)
        {
            if (_leader is not null && _leader != owner)
            {
                _leadershipChanges++;
            }

            _leader = owner;
        }
    }
}

/// <summary>
/// One lease renewal call: when it was sent and answered (<see cref="TimeProvider.GetTimestamp"/> values), how long that
/// took, and the jobs whose leases it renewed.
/// </summary>
public sealed record RenewalCall(long SentAt, long AnsweredAt, TimeSpan Took, IReadOnlyList<long> Renewed);

/// <summary>A lease a renewal reported lost: the job, and when the answer came (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
public readonly record struct LostLease(long JobId, long ReportedAt);
