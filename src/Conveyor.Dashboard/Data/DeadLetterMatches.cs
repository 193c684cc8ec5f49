using Conveyor.Storage;

namespace Conveyor.Dashboard.Data;

/// <summary>The ids of every dead letter (Discarded job) a filter matches (queue, kind, tag, text), read page by page.</summary>
internal static class DeadLetterMatches
{
    private const int Page = 500;

    /// <summary>Every matching id, newest first.</summary>
    public static async Task<List<long>> ReadAsync(IJobAdminStore admin, JobFilter filter, CancellationToken ct)
    {
        var ids = new List<long>();
        long? before = null;
        while (true)
        {
            var request = filter.ToRequest(Page) with { State = JobState.Discarded, BeforeId = before };
            var jobs = (await admin.ListJobsAsync(request, ct).ConfigureAwait(false)).Jobs;
            ids.AddRange(jobs.Select(j => j.Id));
            if (jobs.Count < Page)
            {
                return ids;
            }

            before = jobs[^1].Id;
        }
    }
}
