using Conveyor.Storage;

namespace Conveyor.Dashboard.Data;

/// <summary>The ids of every dead letter (Discarded job) of a queue and kind filter, read page by page.</summary>
internal static class DeadLetterMatches
{
    private const int Page = 500;

    /// <summary>Every matching id, newest first.</summary>
    public static async Task<List<long>> ReadAsync(IJobAdminStore admin, string? queue, string? kind, CancellationToken ct)
    {
        var ids = new List<long>();
        long? before = null;
        while (true)
        {
            var request = new ListJobsRequest { State = JobState.Discarded, Queue = queue, Kind = kind, BeforeId = before, Limit = Page };
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
