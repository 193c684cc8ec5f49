using Conveyor.Storage;
using Microsoft.Extensions.Logging;

namespace Conveyor.Runtime;

/// <summary>
/// Works one queue with a fixed number of slots. Fetches only as many jobs as it has free slots, in one store
/// call; wakes on a notification, a freed slot or its poll timer. While the queue has a backlog it waits for
/// half its slots to free (or a short cooldown) so fetches stay batched. Its first fetch claims a single job, and the
/// next waits for that job to finish (a second at most): a fresh process compiles its execution path on that job, and
/// jobs claimed beside it would wait for the compiler (half a second on a busy machine) while warm workers sat idle.
/// </summary>
internal sealed class QueueProducer(
    string queue,
    int workers,
    IJobStore store,
    JobExecutor executor,
    CompletionBatcher batcher,
    ScheduleRunRecorder? recorder,
    InFlightJobs inFlight,
    TimeProvider time,
    ILogger<QueueProducer> logger,
    string nodeId,
    ConveyorOptions options) : IDisposable
{
    private static readonly TimeSpan MaxBatchWait = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan FirstJobWait = TimeSpan.FromSeconds(1);
    private readonly WakeSignal _wake = new();
    private int _busy;

    public string Queue => queue;

    public int Running => Volatile.Read(ref _busy);

    /// <summary>How many jobs of the queue this node runs at once.</summary>
    public int Workers => workers;

    public void Wake() => _wake.Raise();

    /// <summary>Fetches and starts jobs until <paramref name="stopFetching"/> fires; running jobs go on.</summary>
    public async Task RunAsync(CancellationToken stopFetching)
    {
        var backlog = false;
        var warm = false;
        var failureDelay = TimeSpan.FromMilliseconds(100);
        while (!stopFetching.IsCancellationRequested)
        {
            if (workers - Running <= 0)
            {
                await _wake.WaitAsync(options.PollInterval, stopFetching).ConfigureAwait(false);
                continue;
            }

            if (backlog)
            {
                await WaitUntilAsync(() => workers - Running >= Math.Max(1, workers / 2), MaxBatchWait, stopFetching).ConfigureAwait(false);
            }

            try
            {
                var limit = warm ? workers - Running : 1;
                var fetched = await FetchAsync(limit, stopFetching).ConfigureAwait(false);
                if (!warm && fetched > 0)
                {
                    warm = true;
                    await WaitUntilAsync(() => Running == 0, FirstJobWait, stopFetching).ConfigureAwait(false);
                }

                backlog = fetched == limit;
                failureDelay = TimeSpan.FromMilliseconds(100);
                if (!backlog)
                {
                    await _wake.WaitAsync(options.PollInterval, stopFetching).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!stopFetching.IsCancellationRequested)
            {
                Log.FetchFailed(logger, ex, queue, failureDelay);
                await Task.Delay(failureDelay, time, stopFetching).ConfigureAwait(false);
                failureDelay = TimeSpan.FromTicks(Math.Min(failureDelay.Ticks * 2, options.PollInterval.Ticks * 5));
            }
        }
    }

    /// <summary>Completes once no job of this producer is running (polled: shutdown is not a hot path).</summary>
    public async Task WaitIdleAsync(CancellationToken ct)
    {
        while (Running > 0)
        {
            await Task.Delay(IdlePoll, time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits, woken by each finished job (it raises the wake signal), until <paramref name="done"/> holds or
    /// <paramref name="budget"/> has passed. More jobs waiting: half the slots free, so the next fetch claims a batch
    /// but slow jobs never starve fetching. After a new process's first fetch: that one job finished.
    /// </summary>
    private async Task WaitUntilAsync(Func<bool> done, TimeSpan budget, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        while (!done())
        {
            var left = budget - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero || !await _wake.WaitAsync(left, ct).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<int> FetchAsync(int limit, CancellationToken ct)
    {
        var request = new FetchJobsRequest { Queue = queue, Limit = limit, Owner = nodeId, LeaseDuration = options.LeaseDuration };
        var sent = time.GetTimestamp();
        var leaseDeadline = InFlightJob.Deadline(sent, options.LeaseDuration, time);
        var result = await store.FetchAsync(request, ct).ConfigureAwait(false);
        if (result.Jobs.Count > 0 && time.GetElapsedTime(time.GetTimestamp(), leaseDeadline) < options.LeaseDuration / 3)
        {
            await HandBackAsync(result.Jobs, time.GetElapsedTime(sent), ct).ConfigureAwait(false);
            return result.Jobs.Count;
        }

        foreach (var job in result.Jobs)
        {
            Start(job, leaseDeadline);
        }

        return result.Jobs.Count;
    }

    /// <summary>
    /// The fetch came back so late (a cut-off worker's fetch, delivered when the network healed) that less than a
    /// renewal period of the leases is sure — or none: the store may have started them when it was sent and handed
    /// the jobs to another worker since. No handler runs them here, as it would be stopped before a renewal could
    /// confirm its lease. Each is handed back untouched, its attempt given back; one already rescued is left alone
    /// (the store ignores the hand-back as stale). Written here, not through the batcher, so no refetch of the same job
    /// can start before it lands. Should the write fail, the jobs come back when their leases expire.
    /// </summary>
    private async Task HandBackAsync(IReadOnlyList<JobRecord> jobs, TimeSpan took, CancellationToken ct)
    {
        Log.FetchedTooLate(logger, jobs.Count, queue, took, options.LeaseDuration);
        var now = time.GetUtcNow();
        var completions = jobs.Select(j => JobStateMachine.Decide(j, new ExecutionOutcome.Interrupted(), RetryPolicy.Default, now, 0)).ToList();
        await store.CompleteAsync(new CompleteJobsRequest { Completions = completions }, ct).ConfigureAwait(false);
    }

    private void Start(JobRecord record, long leaseDeadline)
    {
        var job = new InFlightJob(record, time.GetTimestamp(), leaseDeadline);
        inFlight.Add(job);
        Interlocked.Increment(ref _busy);
        _ = RunJobAsync(job);
    }

    private async Task RunJobAsync(InFlightJob job)
    {
        try
        {
            var result = await executor.ExecuteAsync(job).ConfigureAwait(false);
            if (!job.TryFinish())
            {
                return;
            }

            if (result.Persisted)
            {
                inFlight.Remove(job.Job.Id);
                if (!result.Stale)
                {
                    recorder?.Add(job.Job, result.Completion);
                }
            }
            else
            {
                batcher.Add(result.Completion);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
            _wake.Raise();
        }
    }

    public void Dispose() => _wake.Dispose();
}
