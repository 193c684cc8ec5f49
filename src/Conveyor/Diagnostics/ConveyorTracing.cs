using System.Diagnostics;
using Conveyor.Storage;

namespace Conveyor.Diagnostics;

/// <summary>
/// The <c>Conveyor</c> <see cref="ActivitySource"/>: a producer span when jobs are enqueued, whose W3C context is stored
/// with each job (<see cref="JobRecord.TraceParent"/>), and a consumer span per attempt, the child of that context and
/// linked to it, so a trace runs from the web request that enqueued a job to every attempt that ran it. Errors are
/// recorded on the attempt's span. OpenTelemetry users add it with <c>AddSource("Conveyor")</c>.
/// </summary>
public static class ConveyorTracing
{
    /// <summary>The activity source's name.</summary>
    public const string SourceName = "Conveyor";

    private static readonly ActivitySource Source = new(SourceName, typeof(ConveyorTracing).Assembly.GetName().Version?.ToString(3));

    /// <summary>Starts the producer span of an insert (null when nothing listens).</summary>
    internal static Activity? StartEnqueue(IReadOnlyList<NewJob> jobs)
    {
        var activity = Source.StartActivity("conveyor.enqueue", ActivityKind.Producer);
        if (activity is not null)
        {
            activity.DisplayName = jobs.Select(j => j.Kind).Distinct().Count() == 1 ? $"enqueue {jobs[0].Kind}" : "enqueue";
            activity.SetTag("messaging.system", "conveyor");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.batch.message_count", jobs.Count);
            if (jobs.Select(j => j.Queue).Distinct().Count() == 1)
            {
                activity.SetTag("messaging.destination.name", jobs[0].Queue);
            }
        }

        return activity;
    }

    /// <summary>
    /// The jobs with the trace context to store: the producer span's, or the caller's own when nothing listens to
    /// Conveyor's source (so an app's request still links to the jobs it enqueued).
    /// </summary>
    internal static List<NewJob> WithTraceParent(List<NewJob> jobs, Activity? producer) =>
        (producer ?? Activity.Current) is { IdFormat: ActivityIdFormat.W3C, Id: { Length: <= StoreLimits.MaxTraceParentLength } id }
            ? [.. jobs.Select(j => j with { TraceParent = id })]
            : jobs;

    /// <summary>Starts an attempt's consumer span, the child of the job's stored context and linked to it (null when nothing listens).</summary>
    internal static Activity? StartAttempt(JobRecord job)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = job.TraceParent is { } traceParent && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
        var activity = Source.StartActivity(
            ActivityKind.Consumer,
            parent,
            tags: null,
            links: parent == default ? null : [new ActivityLink(parent)],
            name: "conveyor.process");
        if (activity is not null)
        {
            activity.DisplayName = $"process {job.Kind}";
            activity.SetTag("messaging.system", "conveyor");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", job.Queue);
            activity.SetTag("messaging.message.id", job.Id);
            activity.SetTag("conveyor.job.kind", job.Kind);
            activity.SetTag("conveyor.job.attempt", job.Attempt);
        }

        return activity;
    }

    /// <summary>Records how the attempt ended on its span: the outcome, and an error's type, message and stack.</summary>
    internal static void Ended(Activity? activity, JobCompletion completion)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("conveyor.job.outcome", completion.Kind.ToString().ToLowerInvariant());
        if (completion.Error is { } error)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
            {
                ["exception.type"] = error.ExceptionType,
                ["exception.message"] = error.Message,
                ["exception.stacktrace"] = error.StackTrace,
            }));
        }
    }
}
