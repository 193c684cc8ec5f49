using Conveyor.Chaos.Tests.Stores;

namespace Conveyor.Chaos.Tests.SlowStore;

/// <summary>The figures of one slow-store run, as the test prints them.</summary>
public sealed record SlowStoreFigures
{
    public required StoreKind Store { get; init; }

    public required int Jobs { get; init; }

    public required int LongJobs { get; init; }

    /// <summary>The round trip the proxy adds (both directions' latency).</summary>
    public required TimeSpan AddedRoundTrip { get; init; }

    /// <summary>The median lease renewal call outside stalls: the round trip the hosts saw.</summary>
    public required TimeSpan MedianRenewal { get; init; }

    public required int Stalls { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public required double JobsPerSecond { get; init; }

    /// <summary>Jobs the rescuer found with an expired lease.</summary>
    public required int Rescues { get; init; }

    /// <summary>Errors of type <c>crashed</c> recorded on jobs.</summary>
    public required int CrashedErrors { get; init; }

    public required int RenewalCalls { get; init; }

    public required int LeasesRenewed { get; init; }

    /// <summary>Renewal calls a stall held (on their way when it began, or sent during it).</summary>
    public required int RenewalsHeldByStalls { get; init; }

    public required TimeSpan LongestRenewal { get; init; }

    /// <summary>The longest time one lease went from its fetch's or a renewal's answer to the next renewal's answer, as its worker saw it.</summary>
    public required TimeSpan LongestRenewalGap { get; init; }

    public required int RenewalFailures { get; init; }

    /// <summary>Leases a renewal found gone because the job's completion had landed first.</summary>
    public required int RenewalsAfterCompletion { get; init; }

    public required int LeadershipChanges { get; init; }

    /// <summary>Computes the figures from a finished run.</summary>
    public static SlowStoreFigures Of(StoreKind store, SlowStoreSizes sizes, Dictionary<long, JobRecord> jobs, SlowStoreRun run, List<StallWindow> stalls, TimeSpan elapsed, TimeSpan addedRoundTrip)
    {
        var renewals = run.Calls.Renewals.ToList();
        var unheld = renewals.Where(r => !stalls.Any(s => s.Held(r))).Select(r => r.Took).Order().ToList();
        return new SlowStoreFigures
        {
            Store = store,
            Jobs = jobs.Count,
            LongJobs = sizes.LongJobs,
            AddedRoundTrip = addedRoundTrip,
            MedianRenewal = unheld.Count == 0 ? TimeSpan.Zero : unheld[unheld.Count / 2],
            Stalls = stalls.Count,
            Elapsed = elapsed,
            JobsPerSecond = jobs.Count / elapsed.TotalSeconds,
            Rescues = run.Calls.ExpiredLeasesSeen,
            CrashedErrors = jobs.Values.Sum(j => j.Errors.Count(e => e.ExceptionType == "crashed")),
            RenewalCalls = renewals.Count,
            LeasesRenewed = run.Calls.LeasesRenewed,
            RenewalsHeldByStalls = renewals.Count - unheld.Count,
            LongestRenewal = renewals.Count == 0 ? TimeSpan.Zero : renewals.Max(r => r.Took),
            LongestRenewalGap = LongestGap(run.Calls),
            RenewalFailures = run.Calls.RenewalFailures,
            RenewalsAfterCompletion = run.Calls.LostLeases.Count,
            LeadershipChanges = run.Calls.LeadershipChanges,
        };
    }

    /// <summary>The longest a lease went from its fetch's or a renewal's answer to the next renewal's answer.</summary>
    private static TimeSpan LongestGap(StoreCalls calls)
    {
        var longest = 0L;
        var renewals = calls.Renewals.SelectMany(r => r.Renewed.Select(id => (Id: id, r.AnsweredAt))).ToLookup(r => r.Id, r => r.AnsweredAt);
        foreach (var lease in renewals)
        {
            var answers = lease.Prepend(calls.FetchedAt[lease.Key]).Order().ToList();
            longest = Math.Max(longest, answers.Zip(answers.Skip(1), (a, b) => b - a).Max());
        }

        return TimeProvider.System.GetElapsedTime(0, longest);
    }

    public override string ToString() =>
        $"slow store {Store}: {Jobs} jobs ({LongJobs} longer than a lease), +{AddedRoundTrip.TotalMilliseconds:F0} ms per round trip " +
        $"(median renewal {MedianRenewal.TotalMilliseconds:F0} ms), {Stalls} stalls; {Elapsed.TotalSeconds:F1} s, {JobsPerSecond:F1} jobs/s; " +
        $"rescues {Rescues}, crashed errors {CrashedErrors}; renewal calls {RenewalCalls} ({LeasesRenewed} leases, {RenewalsHeldByStalls} held by a stall, " +
        $"longest {LongestRenewal.TotalMilliseconds:F0} ms, longest gap {LongestRenewalGap.TotalSeconds:F1} s, {RenewalFailures} failed, {RenewalsAfterCompletion} leases found already completed); leadership changes {LeadershipChanges}";
}
