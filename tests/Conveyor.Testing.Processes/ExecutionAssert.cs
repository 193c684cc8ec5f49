namespace Conveyor.Testing.Processes;

/// <summary>The at-least-once and exactly-once-effect contracts, checked from the store's final state and the workers' ledgers.</summary>
public static class ExecutionAssert
{
    /// <summary>
    /// Every job completed (<see cref="CompletedOnceAtTheFinalAttempt"/>), and an earlier attempt ran only on a
    /// worker the test killed (its lease was lost). With no worker killed: every job ran exactly once.
    /// </summary>
    public static void CompletedWithRepeatsOnlyFromKilledWorkers(IReadOnlySet<long> ids, Dictionary<long, JobRecord> jobs, List<Execution> runs, IReadOnlySet<int> killedPids) =>
        CompletedOnceAtTheFinalAttempt(ids, jobs, runs, "ran on a worker that was not killed", (_, run) => killedPids.Contains(run.Pid));

    /// <summary>
    /// Every job completed (<see cref="CompletedOnceAtTheFinalAttempt"/>), and an earlier attempt ran only if it
    /// ended as a recorded failure, so its completion was never committed.
    /// </summary>
    public static void CompletedWithRepeatsOnlyAfterFailedAttempts(IReadOnlySet<long> ids, Dictionary<long, JobRecord> jobs, List<Execution> runs) =>
        CompletedOnceAtTheFinalAttempt(ids, jobs, runs, "has no recorded failure", (job, run) => job.Errors.Any(e => e.Attempt == run.Attempt));

    /// <summary>Exactly one effect row per job, written by the execution whose completion committed with it.</summary>
    public static void EachEffectFromTheCompletingAttempt(IReadOnlySet<long> ids, Dictionary<long, JobRecord> jobs, List<Execution> runs, Dictionary<long, Execution> effects)
    {
        Assert.Equal(ids.Order(), effects.Keys.Order());
        var completing = runs.Where(r => jobs[r.JobId].Attempt == r.Attempt).ToHashSet();
        var strays = effects.Values.Where(e => !completing.Contains(e)).Take(10).ToList();
        Assert.True(strays.Count == 0, $"Effects not written by the completing attempt: {string.Join(", ", strays)}");
    }

    /// <summary>
    /// Every job is Completed and ran exactly once at its final attempt; no attempt ran twice, nothing ran after the
    /// completing attempt, and every earlier attempt that ran satisfies <paramref name="earlierAttemptAllowed"/>.
    /// </summary>
    private static void CompletedOnceAtTheFinalAttempt(IReadOnlySet<long> ids, Dictionary<long, JobRecord> jobs, List<Execution> runs, string disallowed, Func<JobRecord, Execution, bool> earlierAttemptAllowed)
    {
        Assert.Equal(ids.Count, jobs.Count);
        var notCompleted = jobs.Values.Where(j => j.State != JobState.Completed).Take(10).Select(j => $"{j.Id}:{j.State}").ToList();
        Assert.True(notCompleted.Count == 0, $"Jobs not completed: {string.Join(", ", notCompleted)}");

        var runsByJob = runs.ToLookup(r => r.JobId);
        var problems = ids.Select(id => Problem(jobs[id], [.. runsByJob[id]], disallowed, earlierAttemptAllowed)).OfType<string>().Take(10).ToList();
        Assert.True(problems.Count == 0, $"Executions break the contract:\n{string.Join("\n", problems)}");
        Assert.Empty(runs.Select(r => r.JobId).Except(ids));
    }

    private static string? Problem(JobRecord job, List<Execution> runs, string disallowed, Func<JobRecord, Execution, bool> earlierAttemptAllowed)
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

        return runs.Any(r => r.Attempt < job.Attempt && !earlierAttemptAllowed(job, r))
            ? $"{describe}: an earlier attempt {disallowed}"
            : null;
    }
}
