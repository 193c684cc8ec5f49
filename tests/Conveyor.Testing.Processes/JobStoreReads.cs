using Conveyor.Storage;

namespace Conveyor.Testing.Processes;

/// <summary>The reads a process test checks its run with, on any store's admin side.</summary>
public static class JobStoreReads
{
    private const int Page = 5_000;

    /// <summary>How many jobs are in <paramref name="state"/>, or in any state when null.</summary>
    public static async Task<long> CountInStateAsync(this IJobAdminStore admin, JobState? state)
    {
        ArgumentNullException.ThrowIfNull(admin);
        return (await admin.CountJobsAsync(new CountJobsRequest(), CancellationToken.None)).Counts
            .Where(c => state is null || c.State == state)
            .Sum(c => c.Count);
    }

    /// <summary>
    /// Whether every job is finished (Completed, Discarded or Cancelled): what a test waits for, so that a job that
    /// ends wrongly fails the test's assertions at once instead of its wait at the deadline.
    /// </summary>
    public static async Task<bool> AllFinishedAsync(this IJobAdminStore admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        return (await admin.CountJobsAsync(new CountJobsRequest(), CancellationToken.None)).Counts
            .All(c => c.State is JobState.Completed or JobState.Discarded or JobState.Cancelled);
    }

    /// <summary>Every job, by id, listed a page at a time.</summary>
    public static async Task<Dictionary<long, JobRecord>> AllJobsAsync(this IJobAdminStore admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var jobs = new Dictionary<long, JobRecord>();
        long? before = null;
        while (true)
        {
            var page = await admin.ListJobsAsync(new ListJobsRequest { BeforeId = before, Limit = Page }, CancellationToken.None);
            if (page.Jobs.Count == 0)
            {
                return jobs;
            }

            page.Jobs.ToList().ForEach(j => jobs.Add(j.Id, j));
            before = page.Jobs[^1].Id;
        }
    }
}
