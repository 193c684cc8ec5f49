using System.Globalization;
using System.Threading.Channels;
using Conveyor.Storage;
using Microsoft.Extensions.Logging;

namespace Conveyor.Runtime;

/// <summary>
/// Records the finished runs of recurring schedules' jobs (<see cref="IScheduleStore.RecordScheduleRunAsync"/>) off the
/// hot path: a job's completion is persisted first, then its run is queued here and written by one loop. A write that
/// fails is logged and dropped: it never fails, delays or repeats the job, and the schedule's next run records again.
/// </summary>
internal sealed class ScheduleRunRecorder(IScheduleStore store, ILogger<ScheduleRunRecorder> logger)
{
    /// <summary>The prefix of the tag every job of a schedule carries: <c>recurring:NAME</c>.</summary>
    private const string TagPrefix = "recurring:";

    /// <summary>The format of the tick at the end of a tick job's unique key, <c>recurring:NAME:TICK</c>.</summary>
    private const string TickFormat = "yyyy-MM-ddTHH:mm:ssZ";

    private readonly Channel<RecordScheduleRunRequest> _pending = Channel.CreateUnbounded<RecordScheduleRunRequest>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues the run of <paramref name="job"/> if it belongs to a schedule and <paramref name="completion"/> (persisted) is final.</summary>
    public void Add(JobRecord job, JobCompletion completion)
    {
        if (RunOf(job, completion) is { } run)
        {
            _pending.Writer.TryWrite(run);
        }
    }

    /// <summary>Writes the queued runs until <see cref="Complete"/> is called and every queued one is written, or <paramref name="abort"/> fires.</summary>
    public async Task RunAsync(CancellationToken abort)
    {
        await foreach (var run in _pending.Reader.ReadAllAsync(abort).ConfigureAwait(false))
        {
            try
            {
                await store.RecordScheduleRunAsync(run, abort).ConfigureAwait(false);
            }
            catch (Exception ex) when (!abort.IsCancellationRequested)
            {
                Log.ScheduleRunNotRecorded(logger, ex, run.Name, run.Tick, run.State);
            }
        }
    }

    /// <summary>No more runs will be added; <see cref="RunAsync"/> ends once the queued ones are written.</summary>
    public void Complete() => _pending.Writer.TryComplete();

    /// <summary>
    /// The run to record for a final completion of a job tagged <c>recurring:NAME</c>: the tick from its unique key
    /// <c>recurring:NAME:TICK</c> (the name is known from the tag, so a name holding ':' reads right), or, for a run
    /// triggered by hand (tag only, no key), the job's creation time. Null for anything else.
    /// </summary>
    internal static RecordScheduleRunRequest? RunOf(JobRecord job, JobCompletion completion)
    {
        if (!completion.IsFinal || job.Tags.FirstOrDefault(t => t.StartsWith(TagPrefix, StringComparison.Ordinal)) is not { } tag)
        {
            return null;
        }

        var name = tag[TagPrefix.Length..];
        var keyPrefix = $"{tag}:";
        var tick = job.UniqueKey is { } key && key.StartsWith(keyPrefix, StringComparison.Ordinal)
            && DateTimeOffset.TryParseExact(key.AsSpan(keyPrefix.Length), TickFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? parsed
                : job.CreatedAt;
        return new RecordScheduleRunRequest { Name = name, Tick = tick, State = completion.TargetState, FinishedAt = completion.DecidedAt };
    }
}
