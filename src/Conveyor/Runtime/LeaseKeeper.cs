using Conveyor.Storage;
using Microsoft.Extensions.Logging;

namespace Conveyor.Runtime;

/// <summary>
/// Renews the leases of every job this node holds, three times per lease. Lost leases stop their handlers
/// (another worker may already run the job); cancel requests stop theirs. If no renewal succeeds for a whole
/// lease, the node assumes it is cut off and stops every handler, so it never works on a job it may have lost.
/// </summary>
internal sealed class LeaseKeeper(
    IJobStore store,
    InFlightJobs inFlight,
    TimeProvider time,
    ILogger<LeaseKeeper> logger,
    string nodeId,
    TimeSpan leaseDuration)
{
    public async Task RunAsync(CancellationToken stop)
    {
        var lastSuccess = time.GetTimestamp();
        using var timer = new PeriodicTimer(leaseDuration / 3, time);
        while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
        {
            var jobs = inFlight.Snapshot();
            if (jobs.Count == 0)
            {
                lastSuccess = time.GetTimestamp();
                continue;
            }

            if (await TryExtendAsync(jobs, stop).ConfigureAwait(false))
            {
                lastSuccess = time.GetTimestamp();
            }
            else if (time.GetElapsedTime(lastSuccess) >= leaseDuration)
            {
                Log.LeasesPresumedLost(logger, time.GetElapsedTime(lastSuccess), jobs.Count);
                jobs.ForEach(j => j.Stop(StopReason.LeaseLost));
            }
        }
    }

    private async Task<bool> TryExtendAsync(List<InFlightJob> jobs, CancellationToken stop)
    {
        try
        {
            var request = new ExtendLeasesRequest { Owner = nodeId, Leases = [.. jobs.Select(j => j.Lease)], LeaseDuration = leaseDuration };
            var result = await store.ExtendLeasesAsync(request, stop).ConfigureAwait(false);
            foreach (var id in result.Lost)
            {
                // Only a job whose handler still runs has lost anything. One whose handler returned is waiting for its
                // completion to be written, and a renewal that reaches the store after that write finds it no longer
                // running (common on a slow link). Had its lease truly run out first, the store refuses the
                // completion as stale and the batcher reports that.
                if (inFlight.Find(id) is { IsFinished: false } job)
                {
                    Log.LeaseLost(logger, id);
                    job.Stop(StopReason.LeaseLost);
                }
            }

            foreach (var id in result.CancelRequested)
            {
                inFlight.Find(id)?.Stop(StopReason.CancelRequested);
            }

            return true;
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            Log.ExtendFailed(logger, ex, jobs.Count);
            return false;
        }
    }
}
