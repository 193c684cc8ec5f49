using Conveyor.Dashboard.Data;
using Conveyor.Dashboard.Rendering;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Pages;

/// <summary>Jobs newest first, filtered by state, queue, kind or id, fifty to a page with keyset paging.</summary>
internal static class JobsPage
{
    public static async Task<string> RenderAsync(DashboardServices services, PageContext page, JobFilter filter, CancellationToken ct)
    {
        var queues = (await services.Admin.ListQueuesAsync(new ListQueuesRequest(), ct).ConfigureAwait(false)).Queues.Select(q => q.Name).ToList();
        JobListPage jobs;
        if (filter.Id is { } id)
        {
            var job = await services.Admin.GetJobAsync(new GetJobRequest { JobId = id }, ct).ConfigureAwait(false);
            jobs = new(job is null || (filter.State ?? job.State) != job.State || (filter.Queue ?? job.Queue) != job.Queue || (filter.Kind ?? job.Kind) != job.Kind ? [] : [job], null);
        }
        else
        {
            jobs = await JobSearch.ListAsync(services.Admin, filter, services.Options.TextSearchWindow, ct).ConfigureAwait(false);
        }

        var body = Html.Of($"""
            {FilterForm.Render(page, "jobs", filter, queues, withState: true)}
            {JobTable.Render(page, jobs, filter, "jobs")}
            """);
        return Layout.Page(page, "jobs", "Jobs", body, "live.js");
    }
}
