using Conveyor.Dashboard.Data;
using Conveyor.Dashboard.Rendering;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Pages;

/// <summary>
/// The confirmation step of a destructive or bulk action: says what will happen to how many jobs, and holds the POST
/// form that does it. Loading it changes nothing.
/// </summary>
internal static class ConfirmPage
{
    public static async Task<string?> RenderAsync(DashboardServices services, PageContext page, string? action, JobFilter filter, CancellationToken ct)
    {
        Html question;
        Html form;
        switch (action)
        {
            case "delete" when filter.Id is { } id:
                if (await services.Admin.GetJobAsync(new GetJobRequest { JobId = id }, ct).ConfigureAwait(false) is not { } job)
                {
                    return null;
                }

                question = Html.Of($"""Delete job <a href="{page.Url($"jobs/{id}")}">{id}</a> ({job.Kind} on {job.Queue}, {Format.Badge(job.State)})? Its record and error history are removed for good.""");
                form = page.Action($"jobs/{id}/delete", "Delete job", "button danger");
                break;
            case "retry-all" or "delete-all":
                var count = (await DeadLetterMatches.ReadAsync(services.Admin, filter, ct).ConfigureAwait(false)).Count;
                var scope = Scope(filter);
                question = action == "retry-all"
                    ? Html.Of($"Retry {Format.Count(count)} dead letters{scope}? Each becomes available now with a fresh attempt budget; its error history is kept.")
                    : Html.Of($"Delete {Format.Count(count)} dead letters{scope}? Their records and error histories are removed for good.");
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (name, value) in new[] { ("queue", filter.Queue), ("kind", filter.Kind), ("tag", filter.Tag), ("text", filter.Text) })
                {
                    if (value is not null)
                    {
                        fields[name] = value;
                    }
                }

                form = page.Action($"dead-letters/{action}", action == "retry-all" ? $"Retry {count} jobs" : $"Delete {count} jobs", action == "retry-all" ? "button primary" : "button danger", fields);
                break;
            default:
                return null;
        }

        var body = Html.Of($"""
            <section class="card confirm" aria-labelledby="confirm-question">
            <p id="confirm-question">{question}</p>
            <div class="actions">{form}<a class="button" href="{page.Url("dead-letters")}">Cancel</a></div>
            </section>
            """);
        return Layout.Page(page, "dead-letters", "Confirm", body);
    }

    private static string Scope(JobFilter filter) =>
        (filter.Queue is { } q ? $" in queue {q}" : "") + (filter.Kind is { } k ? $" of kind {k}" : "")
        + (filter.Tag is { } t ? $" tagged {t}" : "") + (filter.Text is { } x ? $" containing \"{x}\"" : "");
}
