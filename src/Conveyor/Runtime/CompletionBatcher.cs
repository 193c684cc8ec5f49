using System.Threading.Channels;
using Conveyor.Storage;
using Microsoft.Extensions.Logging;

namespace Conveyor.Runtime;

/// <summary>
/// Groups completions into one <see cref="IJobStore.CompleteAsync"/> call: whatever has arrived while the previous
/// write ran goes in the next one. A failed write is retried with backoff and never dropped; until it lands,
/// the jobs stay in flight and their leases keep being renewed. Once written, the final runs of recurring schedules'
/// jobs go to the <see cref="ScheduleRunRecorder"/>, if any.
/// </summary>
internal sealed class CompletionBatcher(
    IJobStore store,
    InFlightJobs inFlight,
    ScheduleRunRecorder? recorder,
    TimeProvider time,
    ILogger<CompletionBatcher> logger,
    int batchSize)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private readonly Channel<JobCompletion> _pending = Channel.CreateUnbounded<JobCompletion>(new UnboundedChannelOptions { SingleReader = true });

    public void Add(JobCompletion completion) => _pending.Writer.TryWrite(completion);

    /// <summary>Writes batches until <see cref="Complete"/> is called and everything pending is written, or <paramref name="abort"/> fires.</summary>
    public async Task RunAsync(CancellationToken abort)
    {
        var batch = new List<JobCompletion>(batchSize);
        while (await _pending.Reader.WaitToReadAsync(abort).ConfigureAwait(false))
        {
            while (batch.Count < batchSize && _pending.Reader.TryRead(out var completion))
            {
                batch.Add(completion);
            }

            await WriteAsync(batch, abort).ConfigureAwait(false);
            batch.Clear();
        }
    }

    /// <summary>No more completions will be added; <see cref="RunAsync"/> ends once the pending ones are written.</summary>
    public void Complete() => _pending.Writer.TryComplete();

    private async Task WriteAsync(List<JobCompletion> batch, CancellationToken abort)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                var result = await store.CompleteAsync(new CompleteJobsRequest { Completions = [.. batch] }, abort).ConfigureAwait(false);
                if (result.Stale.Count > 0)
                {
                    Log.StaleCompletions(logger, result.Stale.Count, string.Join(",", result.Stale.Take(20)));
                }

                RecordScheduleRuns(batch, result.Stale);
                foreach (var completion in batch)
                {
                    inFlight.Remove(completion.JobId);
                }

                return;
            }
            catch (Exception ex) when (!abort.IsCancellationRequested)
            {
                Log.CompleteFailed(logger, ex, batch.Count, delay);
                await Task.Delay(delay, time, abort).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>Hands the written, not stale, final completions of jobs still known in flight to the recorder.</summary>
    private void RecordScheduleRuns(List<JobCompletion> batch, IReadOnlyList<long> stale)
    {
        if (recorder is null)
        {
            return;
        }

        foreach (var completion in batch)
        {
            if (completion.IsFinal && !stale.Contains(completion.JobId) && inFlight.Find(completion.JobId) is { } job)
            {
                recorder.Add(job.Job, completion);
            }
        }
    }
}
