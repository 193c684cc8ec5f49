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
internal sealed class InFlightJob(JobRecord job, long startedTimestamp) : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private int _reason;
    private int _finished;

    public JobRecord Job { get; } = job;

    public long StartedTimestamp { get; } = startedTimestamp;

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
