using System.Collections.Concurrent;

namespace Conveyor.Runtime;

/// <summary>The jobs this node holds leases on; the lease keeper renews exactly these.</summary>
internal sealed class InFlightJobs
{
    private readonly ConcurrentDictionary<long, InFlightJob> _jobs = new();

    public int Count => _jobs.Count;

    public void Add(InFlightJob job) => _jobs[job.Job.Id] = job;

    public void Remove(long jobId)
    {
        if (_jobs.TryRemove(jobId, out var job))
        {
            job.Dispose();
        }
    }

    public InFlightJob? Find(long jobId) => _jobs.GetValueOrDefault(jobId);

    public List<InFlightJob> Snapshot() => [.. _jobs.Values];
}
