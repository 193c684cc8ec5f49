using System.Collections.Concurrent;

namespace Conveyor.Bench;

/// <summary>
/// The executions of one worker: every job id it ran (a job run twice appears twice) and when the first run
/// started. Shared by the worker's handlers; thread-safe.
/// </summary>
public sealed class ExecutionLog(TimeProvider time)
{
    private readonly ConcurrentQueue<long> _jobIds = new();
    private long _firstStartedMicros;

    /// <summary>Executions so far.</summary>
    public int Count => _jobIds.Count;

    /// <summary>When the first execution started (Unix microseconds, wall clock), or 0 before that.</summary>
    public long FirstStartedMicros => Interlocked.Read(ref _firstStartedMicros);

    /// <summary>The job ids run so far, one per execution.</summary>
    public IReadOnlyCollection<long> JobIds => _jobIds;

    /// <summary>Records that job <paramref name="jobId"/> started running.</summary>
    public void Record(long jobId)
    {
        if (Interlocked.Read(ref _firstStartedMicros) == 0)
        {
            Interlocked.CompareExchange(ref _firstStartedMicros, WallClock.Micros(time), 0);
        }

        _jobIds.Enqueue(jobId);
    }
}
