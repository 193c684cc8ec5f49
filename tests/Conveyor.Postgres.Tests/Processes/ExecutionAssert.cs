namespace Conveyor.Postgres.Tests.Processes;

/// <summary>The at-least-once contract, checked from the store's final state and the workers' ledgers.</summary>
internal static class ExecutionAssert
{
    /// <summary>
    /// Every job is Completed and ran at its final attempt exactly once; no attempt ran twice and nothing ran after
    /// the completing attempt; an earlier attempt ran only on a worker the test killed (its lease was lost). With no
    /// worker killed, that is: every job ran exactly once.
    /// </summary>
    public static void CompletedWithRepeatsOnlyFromKilledWorkers(IReadOnlySet<long> ids, Dictionary<long, JobRecord> jobs, List<Execution> runs, IReadOnlySet<int> killedPids)
    {
        Assert.Equal(ids.Count, jobs.Count);
        var notCompleted = jobs.Values.Where(j => j.State != JobState.Completed).Take(10).Select(j => $"{j.Id}:{j.State}").ToList();
        Assert.True(notCompleted.Count == 0, $"Jobs not completed: {string.Join(", ", notCompleted)}");

        var runsByJob = runs.ToLookup(r => r.JobId);
        var problems = ids.Select(id => Problem(jobs[id], [.. runsByJob[id]], killedPids)).OfType<string>().Take(10).ToList();
        Assert.True(problems.Count == 0, $"Executions break at-least-once with repeats only after a kill:\n{string.Join("\n", problems)}");
        Assert.Empty(runs.Select(r => r.JobId).Except(ids));
    }

    private static string? Problem(JobRecord job, List<Execution> runs, IReadOnlySet<int> killedPids)
    {
        var describe = $"job {job.Id} completed at attempt {job.Attempt}, ran as {string.Join(" ", runs.Select(r => $"{r.Attempt}@{r.Pid}"))}";
        if (runs.Count(r => r.Attempt == job.Attempt) != 1)
        {
            return $"{describe}: not once at its final attempt";
        }

        if (runs.GroupBy(r => r.Attempt).Any(g => g.Count() > 1))
        {
            return $"{describe}: an attempt ran twice";
        }

        if (runs.Any(r => r.Attempt > job.Attempt))
        {
            return $"{describe}: ran after its completing attempt";
        }

        return runs.Any(r => r.Attempt < job.Attempt && !killedPids.Contains(r.Pid))
            ? $"{describe}: an earlier attempt ran on a worker that was not killed"
            : null;
    }
}
