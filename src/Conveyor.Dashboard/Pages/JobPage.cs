using System.Text.Json;
using Conveyor.Dashboard.Rendering;
using Conveyor.Encryption;

namespace Conveyor.Dashboard.Pages;

/// <summary>
/// One job: its fields, arguments (pretty JSON; encrypted ones only as "encrypted" with their key version), progress,
/// result, a timeline, every attempt's error with its stack trace, and the retry / cancel / delete actions its state allows.
/// </summary>
internal static class JobPage
{
    public static string Render(PageContext page, JobRecord job)
    {
        var body = Html.Of($"""
            <div class="job-head">{Format.Badge(job.State)} <span class="kind">{job.Kind}</span> on <a href="{page.Url($"jobs?queue={Uri.EscapeDataString(job.Queue)}")}">{job.Queue}</a></div>
            <div class="actions job-actions" id="job-actions">{Actions(page, job)}</div>
            <div class="grid-2">
            <section class="card" aria-labelledby="fields-heading"><h2 id="fields-heading">Fields</h2>{Fields(job)}</section>
            <section class="card" aria-labelledby="timeline-heading"><h2 id="timeline-heading">Timeline</h2>{Timeline(page, job)}</section>
            </div>
            {Progress(job)}
            <section class="card" aria-labelledby="args-heading"><h2 id="args-heading">Arguments</h2>{Arguments(job)}</section>
            {Html.If(job.Result is not null, Html.Of($"""<section class="card" aria-labelledby="result-heading"><h2 id="result-heading">Result</h2><pre class="code" id="job-result">{Format.PrettyJson(job.Result ?? default)}</pre></section>"""))}
            <section class="card" aria-labelledby="errors-heading"><h2 id="errors-heading">Errors ({job.Errors.Count})</h2>{Errors(job)}</section>
            """);
        return Layout.Page(page, "jobs", $"Job {job.Id}", body, "live.js");
    }

    private static Html Actions(PageContext page, JobRecord job) => Html.Of($"""
        {Html.If(job.State is not (JobState.Running or JobState.Available), page.Action($"jobs/{job.Id}/retry", "Retry now", "button primary"))}
        {Html.If(!job.State.IsFinal(), page.Action($"jobs/{job.Id}/cancel", "Cancel"))}
        {Html.If(!page.ReadOnly && job.State != JobState.Running, Html.Of($"""<a class="button danger" id="delete-link" href="{page.Url($"confirm?action=delete&id={job.Id}")}">Delete…</a>"""))}
        """);

    private static Html Fields(JobRecord job)
    {
        var rows = new List<(string, string)>
        {
            ("Id", job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Attempt", $"{job.Attempt} of {job.MaxAttempts}"),
            ("Priority", job.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Lease", job.LeaseOwner is null ? "–" : $"{job.LeaseOwner} until {Format.Time(job.LeaseExpiresAt)}"),
            ("Unique key", job.UniqueKey ?? "–"),
            ("Tags", job.Tags.Count == 0 ? "–" : string.Join(", ", job.Tags)),
            ("Trace id", TraceId(job.TraceParent) ?? "–"),
        };
        if (job.CancelRequestedAt is { } cancel)
        {
            rows.Add(("Cancel requested", Format.Time(cancel)));
        }

        if (job.DecodeError is { } decode)
        {
            rows.Add(("Unreadable", decode));
        }

        return Html.Of($"""<dl class="fields" id="job-fields">{Html.Join(rows.Select(r => Html.Of($"<dt>{r.Item1}</dt><dd>{r.Item2}</dd>")))}</dl>""");
    }

    /// <summary>The trace id of a W3C <c>traceparent</c> (<c>00-TRACEID-SPANID-FLAGS</c>).</summary>
    private static string? TraceId(string? traceParent) =>
        traceParent?.Split('-') is [_, var traceId, _, _] ? traceId : null;

    private static Html Timeline(PageContext page, JobRecord job)
    {
        var events = new List<(string Label, DateTimeOffset At)> { ("Created", job.CreatedAt), ("Scheduled", job.ScheduledAt) };
        events.AddRange(job.Errors.Select(e => ($"Attempt {e.Attempt} failed", e.At)));
        if (job.AttemptedAt is { } attempted)
        {
            events.Add(($"Attempt {job.Attempt} started", attempted));
        }

        if (job.FinalizedAt is { } finalized)
        {
            events.Add(($"Finalized ({job.State.ToWireName()})", finalized));
        }

        var items = Html.Join(events.OrderBy(e => e.At).Select(e => Html.Of($"""<li><span class="when" title="{Format.Time(e.At)}">{Format.Time(e.At)}</span> {e.Label} <span class="muted">({Format.Ago(e.At, page.Now)})</span></li>""")));
        return Html.Of($"""<ol class="timeline" id="job-timeline">{items}</ol>""");
    }

    private static Html Progress(JobRecord job) => job.Progress is not { } p
        ? Html.Empty
        : Html.Of($"""
            <section class="card" aria-labelledby="progress-heading"><h2 id="progress-heading">Progress</h2>
            <p><progress id="job-progress" max="100" value="{p.Percent}">{p.Percent} %</progress> {p.Percent} % {p.Message} <span class="muted">at {Format.Time(p.At)}</span></p>
            </section>
            """);

    private static Html Arguments(JobRecord job)
    {
        if (!ArgumentsCipher.IsEnvelope(job.Args.Span))
        {
            return Html.Of($"""<pre class="code" id="job-args">{Format.PrettyJson(job.Args)}</pre>""");
        }

        return Html.Of($"""<p id="job-args-encrypted"><span class="badge encrypted">encrypted</span> Sealed with key version <code>{KeyVersion(job.Args)}</code>; only workers holding that private key can read them (docs/encryption.md).</p>""");
    }

    private static string KeyVersion(ReadOnlyMemory<byte> envelope)
    {
        try
        {
            using var document = JsonDocument.Parse(envelope);
            return document.RootElement.GetProperty("conveyor_encrypted").GetProperty("kid").GetString() ?? "?";
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "?";
        }
    }

    private static Html Errors(JobRecord job)
    {
        if (job.Errors.Count == 0)
        {
            return Html.Of($"""<p class="empty">No errors.</p>""");
        }

        var items = Html.Join(Enumerable.Reverse(job.Errors).Select(e => Html.Of($"""
            <li class="attempt-error" id="error-{e.Attempt}">
            <p><strong>Attempt {e.Attempt}</strong> · {Format.Time(e.At)} · {e.DurationMs.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} ms · worker {e.Worker ?? "–"}</p>
            <p class="error-text"><code>{e.ExceptionType}</code>: {e.Message}</p>
            {Html.If(e.StackTrace is not null, Html.Of($"<details><summary>Stack trace</summary><pre class=\"code\">{e.StackTrace}</pre></details>"))}
            </li>
            """)));
        return Html.Of($"""<ol class="errors">{items}</ol>""");
    }
}
