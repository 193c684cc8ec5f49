using System.Collections.Concurrent;

namespace Conveyor.Chaos.Tests.SlowStore;

/// <summary>
/// What the handlers of every host in one run executed: how many times each job started, and when each job's handler
/// returned (a <see cref="TimeProvider.GetTimestamp"/> value).
/// </summary>
public sealed class Executions
{
    private readonly ConcurrentDictionary<long, int> _byJob = new();
    private readonly ConcurrentDictionary<long, long> _finishedAt = new();

    /// <summary>Executions per job id.</summary>
    public IReadOnlyDictionary<long, int> ByJob => _byJob;

    /// <summary>When each job's handler last returned.</summary>
    public IReadOnlyDictionary<long, long> FinishedAt => _finishedAt;

    /// <summary>Records that a handler started on <paramref name="jobId"/>.</summary>
    public void Started(long jobId) => _byJob.AddOrUpdate(jobId, 1, (_, n) => n + 1);

    /// <summary>Records that the handler of <paramref name="jobId"/> returned, at <paramref name="timestamp"/>.</summary>
    public void Finished(long jobId, long timestamp) => _finishedAt[jobId] = timestamp;
}
