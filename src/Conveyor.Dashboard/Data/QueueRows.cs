using Conveyor.Storage;

namespace Conveyor.Dashboard.Data;

/// <summary>One queue as the queues page and <c>api/queues</c> show it: its name, paused flag, next due job and jobs per state.</summary>
/// <param name="Name">The queue.</param>
/// <param name="Paused">Whether fetching from it is paused.</param>
/// <param name="NextDueAt">The due time of the job it hands out next; null when none is available.</param>
/// <param name="Counts">Its jobs in each state (every state present).</param>
internal sealed record QueueRow(string Name, bool Paused, DateTimeOffset? NextDueAt, IReadOnlyDictionary<JobState, long> Counts)
{
    /// <summary>The store's queues (those with jobs or a pause flag) and their counts, by name.</summary>
    public static async Task<IReadOnlyList<QueueRow>> ReadAsync(IJobAdminStore admin, CancellationToken ct)
    {
        var queues = (await admin.ListQueuesAsync(new ListQueuesRequest(), ct).ConfigureAwait(false)).Queues;
        var counts = (await admin.CountJobsAsync(new CountJobsRequest(), ct).ConfigureAwait(false)).Counts;
        var byName = queues.ToDictionary(q => q.Name, StringComparer.Ordinal);
        return
        [
            .. queues.Select(q => q.Name).Concat(counts.Select(c => c.Queue)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(name => new QueueRow(
                    name,
                    byName.GetValueOrDefault(name)?.Paused ?? false,
                    byName.GetValueOrDefault(name)?.NextDueAt,
                    JobStates.All.ToDictionary(s => s, s => counts.Where(c => c.Queue == name && c.State == s).Sum(c => c.Count)))),
        ];
    }
}
