using Conveyor.Dashboard.Data;

namespace Conveyor.Dashboard.Rendering;

/// <summary>The GET form of the job filters: state (unless the page fixes it), queue, kind, tag, text and job id.</summary>
internal static class FilterForm
{
    public static Html Render(PageContext page, string path, JobFilter filter, IReadOnlyList<string> queues, bool withState)
    {
        var states = Html.Join(JobStates.All.Select(s => Option(s.ToWireName(), s.ToWireName(), filter.State == s)));
        var stateField = Html.If(withState, Html.Of($"""
            <label>State <select name="state" id="filter-state"><option value="">any</option>{states}</select></label>
            """));
        var queueOptions = Html.Join(queues.Select(q => Option(q, q, filter.Queue == q)));
        var error = filter.Error is { } e ? Html.Of($"""<p class="notice error" role="alert">{e}</p>""") : Html.Empty;
        return Html.Of($"""
            {error}
            <form method="get" action="{page.Url(path)}" class="filters" role="search" aria-label="Filter jobs">
            {stateField}
            <label>Queue <select name="queue" id="filter-queue"><option value="">any</option>{queueOptions}</select></label>
            <label>Kind <input name="kind" id="filter-kind" value="{filter.Kind}" autocomplete="off"></label>
            <label>Tag <input name="tag" id="filter-tag" value="{filter.Tag}" autocomplete="off"></label>
            <label>Text <input name="text" id="filter-text" value="{filter.Text}" autocomplete="off" title="In the arguments or the errors, case-sensitive: an order id, an e-mail address, an exception's name"></label>
            <label>Job id <input name="id" id="filter-id" value="{filter.Id}" inputmode="numeric" pattern="[0-9]*" autocomplete="off"></label>
            <button type="submit" class="button primary">Filter</button>
            <a class="button" href="{page.Url(path)}">Clear</a>
            </form>
            """);
    }

    private static Html Option(string value, string label, bool selected) =>
        Html.Of($"""<option value="{value}"{Html.If(selected, Html.Of($" selected"))}>{label}</option>""");
}
