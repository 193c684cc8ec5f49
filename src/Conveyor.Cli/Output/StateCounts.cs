using Conveyor.Storage;

namespace Conveyor.Cli.Output;

/// <summary>Job counts per queue × state with every state present (zero when absent), queues in name order.</summary>
internal sealed class StateCounts
{
    private StateCounts(SortedDictionary<string, Dictionary<JobState, long>> queues, Dictionary<JobState, long> totals)
    {
        Queues = queues;
        Totals = totals;
    }

    /// <summary>Per queue, every state's count.</summary>
    public SortedDictionary<string, Dictionary<JobState, long>> Queues { get; }

    /// <summary>Every state's count over all queues.</summary>
    public Dictionary<JobState, long> Totals { get; }

    public static StateCounts From(CountJobsResult result)
    {
        var queues = new SortedDictionary<string, Dictionary<JobState, long>>(StringComparer.Ordinal);
        var totals = Zeroes();
        foreach (var count in result.Counts)
        {
            if (!queues.TryGetValue(count.Queue, out var states))
            {
                queues[count.Queue] = states = Zeroes();
            }

            states[count.State] += count.Count;
            totals[count.State] += count.Count;
        }

        return new StateCounts(queues, totals);
    }

    public static async Task<StateCounts> ReadAsync(IJobAdminStore admin, CancellationToken ct) =>
        From(await admin.CountJobsAsync(new CountJobsRequest(), ct));

    /// <summary>Count of one state in one queue, zero for an unknown queue.</summary>
    public long Of(string queue, JobState state) => Queues.TryGetValue(queue, out var states) ? states[state] : 0;

    private static Dictionary<JobState, long> Zeroes() => JobStates.All.ToDictionary(s => s, _ => 0L);
}
