using Conveyor.Chaos.Tests.Harness;
using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.Restarts;

/// <summary>
/// The restart checker on made-up histories: which duplicates and losses it lets through, and when — the cases the
/// restart runs meet only by chance.
/// </summary>
public sealed class RestartChecksTests
{
    private const int First = 100;
    private const int Second = 200;
    private static readonly DateTimeOffset Down = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
    private static readonly StoreOutage Outage = new(1, Down, Down.AddMilliseconds(500));
    private static readonly TimeSpan Everysec = TimeSpan.FromSeconds(2.5);

    [Theory]
    [InlineData(-200, null, true)]
    [InlineData(-5_000, -4_990, false)]
    public void Check_ExplainsARerunAfterARescue_OnlyWhenTheEarlierRunMayNotHaveCompleted(int execMs, int? doneMs, bool explained)
    {
        var events = Run(1, 1, First, execMs, doneMs).Concat(Run(1, 2, Second, 4_000, 4_010));

        var figures = Check(events, [Job(1, rescued: 1)], TimeSpan.Zero);

        Assert.Equal((explained ? 1 : 0, explained ? 0 : 1), (figures.AfterLeaseRanOut, figures.Unexplained.Count));
    }

    [Fact]
    public void Check_LeavesARerunUnexplained_WhenTheStoreRecordedNoRescue()
    {
        var figures = Check(Run(1, 1, First, -200, null).Concat(Run(1, 2, Second, 4_000, 4_010)), [Job(1)], TimeSpan.Zero);

        Assert.Single(figures.Unexplained);
    }

    [Fact]
    public void Check_ExplainsACompletionTakenBack_WithinTheLossWindowOnly()
    {
        var events = Run(1, 1, First, -3_000, -2_990).Concat(Run(1, 2, Second, 4_000, 4_010));

        Assert.Single(Check(events, [Job(1, rescued: 1)], TimeSpan.Zero).Unexplained);
        Assert.Equal(1, Check(events, [Job(1, rescued: 1)], Everysec).AfterLeaseRanOut);
    }

    [Theory]
    [InlineData(-1_000, 0, false)]
    [InlineData(-1_000, 2_500, true)]
    [InlineData(-3_000, 2_500, false)]
    public void Check_ExplainsTheSameAttemptTwice_OnlyForAFetchInTheLossWindow(int execMs, int windowMs, bool explained)
    {
        var events = Run(1, 1, First, execMs, execMs + 10).Concat(Run(1, 1, Second, 600, 610));

        var figures = Check(events, [Job(1)], TimeSpan.FromMilliseconds(windowMs));

        Assert.Equal((explained ? 1 : 0, explained ? 0 : 1), (figures.AfterFetchTakenBack, figures.Unexplained.Count));
    }

    [Theory]
    [InlineData(-1_000, 0, false)]
    [InlineData(-1_000, 2_500, true)]
    [InlineData(-4_000, 2_500, false)]
    public void Check_AllowsAnEnqueueTakenBack_OnlyWithinTheLossWindow(int acknowledgedMs, int windowMs, bool allowed)
    {
        var history = History([], []);

        var figures = RestartChecks.Check(history, [(7, Down.AddMilliseconds(acknowledgedMs))], [Outage], TimeSpan.FromMilliseconds(windowMs), [First]);

        Assert.Equal([7], figures.TakenBack);
        Assert.Equal(allowed ? [] : [7L], figures.TakenBackBeyondBound);
        Assert.Equal(allowed ? [] : [7L], figures.LostBeyondBound);
    }

    [Fact]
    public void Check_MeasuresResume_FromTheServerAnsweringToEachWorkersFirstJobBegunAfterIt()
    {
        // Worker First finished a job begun before the server was back (not a resume), then one begun after it.
        var events = Run(1, 1, First, 480, 505).Concat(Run(2, 1, First, 800, 820));

        var figures = Check(events, [Job(1), Job(2)], TimeSpan.Zero);

        Assert.Equal([320L], figures.ResumeMs);
        Assert.Equal(["1/200"], figures.NeverResumed);
    }

    [Fact]
    public void Separate_SplitsAnIdTheKillTookBackAndGaveOut_IntoTwoJobs()
    {
        var acknowledged = new List<(long Id, DateTimeOffset At)> { (5, Down.AddMilliseconds(-500)), (5, Down.AddMilliseconds(600)) };
        var enqueues = acknowledged.Select(a => new Enqueue(a.Id, EnqueueOutcome.Ok, a.At.AddMilliseconds(-1))).ToList();
        var events = Run(5, 1, First, -400, -390).Concat(Run(5, 1, Second, 700, 710)).ToList();

        var (history, renamed) = ReusedIds.Separate(History(events, [Job(5)]) with { Enqueues = enqueues }, acknowledged, [Outage]);
        var figures = RestartChecks.Check(history, renamed, [Outage], Everysec, [First, Second]);

        Assert.Equal([-81L, 5L], renamed.Select(a => a.Id));
        Assert.Equal([-81L, 5L], history.Enqueues.Select(e => e.JobId!.Value));
        Assert.Equal([-81L, -81L, 5L, 5L], history.Events.Select(e => e.JobId));
        Assert.Empty(figures.Unexplained);
        Assert.Equal([-81L], figures.TakenBack);
        Assert.Empty(figures.LostBeyondBound);
    }

    private static RestartFigures Check(IEnumerable<LedgerEvent> events, List<JobRecord> jobs, TimeSpan lossWindow)
    {
        var history = History([.. events], jobs);
        return RestartChecks.Check(history, [.. jobs.Select(j => (j.Id, Down.AddSeconds(-10)))], [Outage], lossWindow, [First, Second]);
    }

    private static ChaosHistory History(List<LedgerEvent> events, List<JobRecord> jobs) => new()
    {
        Enqueues = [.. jobs.Select(j => new Enqueue(j.Id, EnqueueOutcome.Ok, Down.AddSeconds(-10)))],
        Events = events,
        Faults = [new FaultEvent(FaultKind.StoreRestart, 0, Down)],
        Jobs = jobs.ToDictionary(j => j.Id),
    };

    /// <summary>An execution's ledger lines, at milliseconds from the outage's start; no <c>done</c> when <paramref name="doneMs"/> is null.</summary>
    private static IEnumerable<LedgerEvent> Run(long job, int attempt, int pid, int execMs, int? doneMs)
    {
        yield return new LedgerEvent(LedgerEventKind.Exec, job, attempt, pid, Outage.DownMs + execMs);
        if (doneMs is { } done)
        {
            yield return new LedgerEvent(LedgerEventKind.Done, job, attempt, pid, Outage.DownMs + done);
        }
    }

    private static JobRecord Job(long id, int? rescued = null) => new()
    {
        Id = id,
        Kind = "chaos_work",
        Queue = "default",
        Args = "{}"u8.ToArray(),
        State = JobState.Completed,
        Attempt = 2,
        MaxAttempts = 25,
        Priority = 0,
        ScheduledAt = Down,
        CreatedAt = Down,
        Errors = rescued is { } attempt ? [new AttemptError(Down, attempt, "crashed", "Lease expired.", null, null, 0)] : [],
    };
}
