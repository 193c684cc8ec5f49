using Conveyor.Storage;

namespace Conveyor.Runtime;

/// <summary>Why a running handler's token was cancelled.</summary>
internal enum StopReason
{
    None = 0,
    SoftTimeLimit,
    CancelRequested,
    LeaseLost,
    Shutdown,
}

/// <summary>
/// A job this node holds a lease on, from fetch until its completion is persisted. Its lease is renewed
/// for that whole time, so a completion waiting in the batcher never loses the job to the rescuer.
/// </summary>
/// <param name="job">The job as fetched.</param>
/// <param name="startedTimestamp">When this node started it (<see cref="TimeProvider.GetTimestamp"/>).</param>
/// <param name="leaseDeadline">
/// Until when this node can be sure of its lease (a <see cref="TimeProvider.GetTimestamp"/> value): the time the
/// fetch was sent plus the lease duration, since the store starts the lease when the fetch arrives, later.
/// </param>
internal sealed class InFlightJob(JobRecord job, long startedTimestamp, long leaseDeadline) : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private int _reason;
    private int _finished;
    private long _leaseDeadline = leaseDeadline;

    public JobRecord Job { get; } = job;

    public long StartedTimestamp { get; } = startedTimestamp;

    /// <summary>Until when this node can be sure of the job's lease, as a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
    public long LeaseDeadline => Interlocked.Read(ref _leaseDeadline);

    /// <summary>A renewal sent at <paramref name="sentTimestamp"/> succeeded: the lease is sure until then plus its duration.</summary>
    public void LeaseRenewed(long sentTimestamp, TimeSpan leaseDuration, TimeProvider time)
    {
        var deadline = Deadline(sentTimestamp, leaseDuration, time);
        long current;
        do
        {
            current = Interlocked.Read(ref _leaseDeadline);
        }
        while (deadline > current && Interlocked.CompareExchange(ref _leaseDeadline, deadline, current) != current);
    }

    /// <summary>
    /// Whether this node can still be sure it holds the lease: no renewal has come back lost and the last one
    /// confirmed is younger than the lease. A paused or cut-off worker sees this false at once when it wakes, even
    /// before its lease keeper runs.
    /// </summary>
    public bool HoldsLease(TimeProvider time) => Reason != StopReason.LeaseLost && time.GetTimestamp() < LeaseDeadline;

    /// <summary>The timestamp <paramref name="duration"/> after <paramref name="from"/>.</summary>
    public static long Deadline(long from, TimeSpan duration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return from + (long)(duration.TotalSeconds * time.TimestampFrequency);
    }

    public CancellationToken Token => _cts.Token;

    public StopReason Reason => (StopReason)Volatile.Read(ref _reason);

    public LeaseRef Lease => new(Job.Id, Job.Attempt);

    /// <summary>Cancels the handler's token; the first reason given is the one that counts.</summary>
    public void Stop(StopReason reason)
    {
        Interlocked.CompareExchange(ref _reason, (int)reason, (int)StopReason.None);
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The job already finished and released its token: nothing left to stop.
        }
    }

    /// <summary>Whether this attempt's outcome is decided (<see cref="TryFinish"/> has been called): the handler no longer runs.</summary>
    public bool IsFinished => Volatile.Read(ref _finished) == 1;

    /// <summary>Claims the right to complete this attempt; true only once, so a job is never completed twice by this node.</summary>
    public bool TryFinish() => Interlocked.Exchange(ref _finished, 1) == 0;

    public void Dispose() => _cts.Dispose();
}
