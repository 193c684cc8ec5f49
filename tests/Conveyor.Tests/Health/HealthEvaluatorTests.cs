using System.Text;
using Conveyor.Health;
using Conveyor.Storage;
using Conveyor.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Health;

public sealed class HealthEvaluatorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryJobStore _store;

    public HealthEvaluatorTests() => _store = new InMemoryJobStore(_time);

    [Fact]
    public async Task AStoreWithinItsRules_HasNoFinding()
    {
        await InsertAsync("mail", 3);
        await HeartbeatAsync("mail=2");

        Assert.Empty(await EvaluateAsync(new HealthRules()));
    }

    [Fact]
    public async Task AQueueOverItsDepth_IsUnhealthy_WithItsOwnThresholdFirst()
    {
        await InsertAsync("mail", 11);
        await InsertAsync("reports", 11);
        await HeartbeatAsync("mail=2,reports=1");
        var rules = new HealthRules { MaxDepth = 10 };
        rules.Queues["reports"] = new QueueHealthRules { MaxDepth = 100 };

        var finding = Assert.Single(await EvaluateAsync(rules));

        Assert.Equal(("depth", "mail", true), (finding.Rule, finding.Subject, finding.Unhealthy));
        Assert.Equal("Queue mail has 11 jobs waiting, over 10.", finding.Message);
    }

    [Fact]
    public async Task AQueueWithJobsAndNoLiveWorker_IsUnhealthy()
    {
        await InsertAsync("mail", 1);
        await InsertAsync("reports", 1);
        await HeartbeatAsync("mail=2");
        await HeartbeatAsync("reports=1", "old-node");
        _time.Advance(NodeInfo.HeartbeatInterval * 3);
        await HeartbeatAsync("mail=2");

        var finding = Assert.Single(await EvaluateAsync(new HealthRules()));

        Assert.Equal(("no_worker", "reports", true), (finding.Rule, finding.Subject, finding.Unhealthy));
    }

    [Fact]
    public async Task ErrorsDeadLettersAndARateDrop_InTheWindow_AreDegraded()
    {
        await InsertAsync("mail", 5);
        await HeartbeatAsync("mail=2");
        await RecordAsync("mail", _time.GetUtcNow().AddMinutes(-2), processed: 50, failed: 6, discarded: 11);
        await RecordAsync("mail", _time.GetUtcNow().AddMinutes(-30), processed: 10_000, failed: 0, discarded: 0);
        var rules = new HealthRules();
        rules.Queues["mail"] = new QueueHealthRules { ExpectedPerMinute = 100 };

        var findings = await EvaluateAsync(rules);

        Assert.Equal(["dead_letters", "error_rate", "rate_drop"], findings.Select(f => f.Rule).Order());
        Assert.All(findings, f => Assert.False(f.Unhealthy));
        Assert.Contains("6 of 50 attempts failed in the last 5 minutes (12.0 %)", findings.Single(f => f.Rule == "error_rate").Message, StringComparison.Ordinal);
        Assert.Contains("processed 10 jobs a minute", findings.Single(f => f.Rule == "rate_drop").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FewAttempts_AreNotJudgedOnTheirErrorRate()
    {
        await RecordAsync("mail", _time.GetUtcNow().AddMinutes(-1), processed: 10, failed: 5, discarded: 0);

        Assert.Empty(await EvaluateAsync(new HealthRules()));
    }

    [Fact]
    public async Task ARecurringJobNotEnqueuedInTime_IsUnhealthy()
    {
        await _store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Schedule("every-minute", "* * * * *"), Schedule("nightly", "0 2 * * *")] }, CancellationToken.None);
        var cursor = _time.GetUtcNow().AddMinutes(-10);
        await _store.AdvanceScheduleAsync(new AdvanceScheduleRequest { Name = "every-minute", ExpectedCursor = null, NewCursor = cursor, Jobs = [] }, CancellationToken.None);
        await _store.AdvanceScheduleAsync(new AdvanceScheduleRequest { Name = "nightly", ExpectedCursor = null, NewCursor = cursor, Jobs = [] }, CancellationToken.None);

        var finding = Assert.Single(await EvaluateAsync(new HealthRules()));

        Assert.Equal(("recurring_lag", "every-minute", true), (finding.Rule, finding.Subject, finding.Unhealthy));
        Assert.Contains("was due at 2026-11-24 11:51:00Z", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecurringJobWhoseLatestTickEndedDiscarded_IsDegraded()
    {
        await _store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Schedule("hourly", "0 * * * *")] }, CancellationToken.None);
        await RecordRunAsync("hourly", Today(9), JobState.Completed);
        await RecordRunAsync("hourly", Today(11), JobState.Discarded);

        var finding = Assert.Single(await EvaluateAsync(new HealthRules()));

        Assert.Equal(("recurring_failing", "hourly", false), (finding.Rule, finding.Subject, finding.Unhealthy));
        Assert.Equal("Recurring job hourly has not succeeded since its run of 2026-11-24 09:00:00Z: its last run (tick 2026-11-24 11:00:00Z) ended discarded.", finding.Message);
    }

    [Fact]
    public async Task ARecurringJobWhoseTickPastTheGraceIsNotDone_IsDegraded()
    {
        await _store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Schedule("hourly", "0 * * * *")] }, CancellationToken.None);
        await RecordRunAsync("hourly", Today(10), JobState.Completed);

        var finding = Assert.Single(await EvaluateAsync(new HealthRules()));

        Assert.Equal(("recurring_failing", "hourly"), (finding.Rule, finding.Subject));
        Assert.Equal("Recurring job hourly has not succeeded since its run of 2026-11-24 10:00:00Z: the run of tick 2026-11-24 11:00:00Z is still not done (its last finished run, of tick 2026-11-24 10:00:00Z, ended completed).", finding.Message);
    }

    [Fact]
    public async Task ARecurringJobThatNeverSucceeded_IsDegraded_OnceItsFirstRecordedTickIsPastTheGrace()
    {
        await _store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Schedule("hourly", "0 * * * *"), Schedule("fresh", "0 * * * *")] }, CancellationToken.None);
        await RecordRunAsync("hourly", Today(10), JobState.Cancelled);
        await RecordRunAsync("fresh", Today(12), JobState.Discarded);

        var finding = Assert.Single(await EvaluateAsync(new HealthRules()));

        Assert.Equal(("recurring_failing", "hourly"), (finding.Rule, finding.Subject));
        Assert.StartsWith("Recurring job hourly has not succeeded since its runs were first recorded: the run of tick 2026-11-24 11:00:00Z is still not done", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecurringJobThatSucceededWithinTheGrace_HasNoFinding_EvenIfALaterTickFailed()
    {
        await _store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Schedule("hourly", "0 * * * *")] }, CancellationToken.None);
        await RecordRunAsync("hourly", Today(11), JobState.Completed);
        await RecordRunAsync("hourly", Today(12), JobState.Discarded);

        Assert.Empty(await EvaluateAsync(new HealthRules()));
    }

    [Fact]
    public async Task ARecurringJobWithNoRecordedRun_OrPaused_OrTheRuleOff_HasNoFinding()
    {
        await _store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Schedule("never-ran", "0 * * * *"), Schedule("paused", "0 * * * *"), Schedule("failing", "0 * * * *")] }, CancellationToken.None);
        await RecordRunAsync("paused", Today(6), JobState.Discarded);
        await _store.SetSchedulePausedAsync(new SetSchedulePausedRequest { Name = "paused", Paused = true }, CancellationToken.None);
        await RecordRunAsync("failing", Today(6), JobState.Discarded);

        var withRule = await EvaluateAsync(new HealthRules());
        var withoutRule = await EvaluateAsync(new HealthRules { RecurringSuccessGrace = null });

        Assert.Equal(["failing"], withRule.Select(f => f.Subject));
        Assert.Empty(withoutRule);
    }

    private static DateTimeOffset Today(int hour) => new(2026, 11, 24, hour, 0, 0, TimeSpan.Zero);

    private async Task RecordRunAsync(string schedule, DateTimeOffset tick, JobState state) =>
        await _store.RecordScheduleRunAsync(new RecordScheduleRunRequest { Name = schedule, Tick = tick, State = state, FinishedAt = tick.AddMinutes(2) }, CancellationToken.None);

    private Task<IReadOnlyList<HealthFinding>> EvaluateAsync(HealthRules rules) =>
        new HealthEvaluator(_store, _store, _store, _time).EvaluateAsync(rules, CancellationToken.None);

    private async Task InsertAsync(string queue, int count) =>
        await _store.InsertAsync(new InsertJobsRequest { Jobs = [.. Enumerable.Range(0, count).Select(_ => new NewJob { Kind = "k", Queue = queue, Args = "{}"u8.ToArray(), MaxAttempts = 3 })] }, CancellationToken.None);

    private async Task HeartbeatAsync(string queues, string id = "node-1") =>
        await _store.RecordHeartbeatAsync(new NodeHeartbeatRequest { Node = new NodeInfo { Id = id, Host = "h", ProcessId = 1, Queues = queues, StartedAt = _time.GetUtcNow() } }, CancellationToken.None);

    private async Task RecordAsync(string queue, DateTimeOffset at, long processed, long failed, long discarded)
    {
        var minute = QueueMinute.StartOf(at);
        await _store.RecordStatsAsync(new RecordStatsRequest { Minutes = [new QueueMinute { Queue = queue, Minute = minute, Processed = processed, Failed = failed, Discarded = discarded, Durations = new long[DurationBuckets.Count] }] }, CancellationToken.None);
    }

    private static ScheduleDefinition Schedule(string name, string cron) => new()
    {
        Name = name,
        Kind = "report",
        Queue = "reports",
        Args = Encoding.UTF8.GetBytes("{}"),
        Cron = cron,
        TimeZone = "UTC",
        MaxAttempts = 3,
        Misfire = MisfirePolicy.RunOnce,
    };
}
