using Conveyor.Storage;
using Microsoft.Extensions.Logging;

namespace Conveyor.Runtime;

/// <summary>
/// Renews the leases of every job this node holds, three times per lease. Lost leases stop their handlers
/// (another worker may already run the job); cancel requests stop theirs. A job's lease is sure only until the send
/// time of its last confirmed renewal plus the lease duration (the store starts each lease when the request arrives,
/// later); when that passes without a newer one — the store is unreachable, or this process stood still — its handler
/// is stopped at that moment, so a cut-off worker never works on a job past its lease — also while a renewal hangs on
/// a connection that no longer answers.
/// </summary>
internal sealed class LeaseKeeper(
    IJobStore store,
    InFlightJobs inFlight,
    TimeProvider time,
    ILogger<LeaseKeeper> logger,
    string nodeId,
    TimeSpan leaseDuration) : IDisposable
{
    private readonly WakeSignal _renewNow = new();

    /// <summary>
    /// Asks for a renewal now (a cancel was requested for a running job somewhere): its answer says which jobs to stop.
    /// A renewal in flight is followed by another at once, as it may have been sent before the request.
    /// </summary>
    public void RenewNow() => _renewNow.Raise();

    public void Dispose() => _renewNow.Dispose();

    public async Task RunAsync(CancellationToken stop)
    {
        var period = leaseDuration / 3;
        var nextRenewal = InFlightJob.Deadline(time.GetTimestamp(), period, time);
        var renewAsked = false;
        LeaseRenewal? renewal = null;
        try
        {
            while (true)
            {
                // A renewal still on its way (the store is slow, or cut off and the call hangs until its client gives
                // up) must not hold up stopping the handlers whose lease runs out meanwhile, nor the next renewal once
                // its answer could confirm nothing: wait for whichever comes first. One renewal is awaited at a time.
                var wakeAt = renewal is null ? Math.Min(nextRenewal, EarliestDeadline()) : Math.Min(renewal.GivenUpAt, EarliestDeadline());
                renewAsked |= await WaitUntilAsync(wakeAt, renewal?.Task, stop).ConfigureAwait(false);
                var now = time.GetTimestamp();
                if (renewal is { Task.IsCompleted: true })
                {
                    await renewal.Task.ConfigureAwait(false);
                    renewal.Dispose();
                    renewal = null;
                    nextRenewal = InFlightJob.Deadline(now, period, time);
                }
                else if (renewal is not null && now >= renewal.GivenUpAt)
                {
                    Log.RenewalGivenUp(logger, leaseDuration);
                    renewal.GiveUp();
                    renewal = null;
                    nextRenewal = now;
                }

                if (renewal is null && (now >= nextRenewal || renewAsked))
                {
                    renewAsked = false;
                    renewal = Renew(stop);
                    nextRenewal = InFlightJob.Deadline(now, period, time);
                }

                StopExpired();
            }
        }
        finally
        {
            await StoppedAsync(renewal?.Task, stop).ConfigureAwait(false);
            renewal?.Dispose();
        }
    }

    /// <summary>Sends a renewal of every job held, if any.</summary>
    private LeaseRenewal? Renew(CancellationToken stop)
    {
        var jobs = inFlight.Snapshot();
        if (jobs.Count == 0)
        {
            return null;
        }

        var sent = time.GetTimestamp();
        return new LeaseRenewal(call => TryExtendAsync(jobs, sent, call, stop), InFlightJob.Deadline(sent, leaseDuration, time), stop);
    }

    /// <summary>
    /// Waits until <paramref name="timestamp"/> (<see cref="long.MaxValue"/>: no deadline), until
    /// <paramref name="renewal"/>, when one is in flight, has come back, or until <see cref="RenewNow"/> is asked;
    /// returns whether it was asked.
    /// </summary>
    private async Task<bool> WaitUntilAsync(long timestamp, Task? renewal, CancellationToken stop)
    {
        if (await _renewNow.WaitAsync(TimeSpan.Zero, stop).ConfigureAwait(false))
        {
            return true;
        }

        var wait = timestamp == long.MaxValue ? Timeout.InfiniteTimeSpan : time.GetElapsedTime(time.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero || wait == Timeout.InfiniteTimeSpan)
        {
            using var woken = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var asked = _renewNow.WaitAsync(Timeout.InfiniteTimeSpan, woken.Token);
            await Task.WhenAny(renewal ?? asked, asked, Task.Delay(wait, time, woken.Token)).ConfigureAwait(false);
            await woken.CancelAsync().ConfigureAwait(false);
            stop.ThrowIfCancellationRequested();
            return asked.IsCompletedSuccessfully && await asked.ConfigureAwait(false);
        }

        stop.ThrowIfCancellationRequested();
        return false;
    }

    /// <summary>On the way out, lets a renewal still in flight end (the stop cancels it), so no store call outlives the keeper.</summary>
    private static async Task StoppedAsync(Task? renewal, CancellationToken stop)
    {
        if (renewal is null)
        {
            return;
        }

        try
        {
            await renewal.ConfigureAwait(false);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // The renewal was cancelled by the same stop.
        }
    }

    /// <summary>The earliest lease deadline of a job whose handler still runs and holds its lease; else never.</summary>
    private long EarliestDeadline() =>
        inFlight.Snapshot().Where(Watched).Select(j => j.LeaseDeadline).DefaultIfEmpty(long.MaxValue).Min();

    private static bool Watched(InFlightJob job) => !job.IsFinished && job.Reason != StopReason.LeaseLost;

    /// <summary>Stops every running handler whose lease is no longer sure.</summary>
    private void StopExpired()
    {
        var now = time.GetTimestamp();
        var expired = inFlight.Snapshot().Where(j => Watched(j) && now >= j.LeaseDeadline).ToList();
        if (expired.Count == 0)
        {
            return;
        }

        var unconfirmed = leaseDuration + time.GetElapsedTime(expired.Min(j => j.LeaseDeadline), now);
        Log.LeasesPresumedLost(logger, unconfirmed, expired.Count);
        expired.ForEach(j => j.Stop(StopReason.LeaseLost));
    }

    private async Task TryExtendAsync(List<InFlightJob> jobs, long sent, CancellationToken call, CancellationToken stop)
    {
        try
        {
            var request = new ExtendLeasesRequest { Owner = nodeId, Leases = [.. jobs.Select(j => j.Lease)], LeaseDuration = leaseDuration };
            var result = await store.ExtendLeasesAsync(request, call).ConfigureAwait(false);
            if (call.IsCancellationRequested)
            {
                // Given up: the answer could confirm nothing, and what it says may be older than what happened since.
                return;
            }

            var lost = result.Lost.ToHashSet();
            foreach (var id in lost)
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

            jobs.Where(j => !lost.Contains(j.Job.Id)).ToList().ForEach(j => j.LeaseRenewed(sent, leaseDuration, time));
            foreach (var id in result.CancelRequested)
            {
                inFlight.Find(id)?.Stop(StopReason.CancelRequested);
            }
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            if (!call.IsCancellationRequested)
            {
                Log.ExtendFailed(logger, ex, jobs.Count);
            }
        }
    }
}
