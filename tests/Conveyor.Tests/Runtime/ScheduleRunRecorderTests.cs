using Conveyor.Runtime;

namespace Conveyor.Tests.Runtime;

/// <summary>Which finished jobs are a schedule's runs, and the tick each one ran for.</summary>
public sealed class ScheduleRunRecorderTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 1, 2, 0, 0, 417, TimeSpan.Zero);
    private static readonly DateTimeOffset Decided = Created.AddMinutes(3);

    [Fact]
    public void RunOf_ReadsTheTickFromTheUniqueKey_WhenTheScheduleNameHoldsColons()
    {
        var job = Job(tags: ["billing", "recurring:team:a:nightly"], uniqueKey: "recurring:team:a:nightly:2026-03-01T02:00:00Z");

        var run = ScheduleRunRecorder.RunOf(job, Completion(CompletionKind.Completed));

        Assert.NotNull(run);
        Assert.Equal(("team:a:nightly", new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero), JobState.Completed, Decided), (run.Name, run.Tick, run.State, run.FinishedAt));
    }

    [Fact]
    public void RunOf_UsesTheJobsCreationTime_WhenTheRunWasTriggeredWithoutAKey()
    {
        var run = ScheduleRunRecorder.RunOf(Job(tags: ["recurring:nightly"], uniqueKey: null), Completion(CompletionKind.Discard));

        Assert.NotNull(run);
        Assert.Equal(("nightly", Created, JobState.Discarded), (run.Name, run.Tick, run.State));
    }

    [Fact]
    public void RunOf_UsesTheJobsCreationTime_WhenTheUniqueKeyIsAnotherSchedulesOrNoTick()
    {
        var other = ScheduleRunRecorder.RunOf(Job(tags: ["recurring:nightly"], uniqueKey: "recurring:hourly:2026-03-01T01:00:00Z"), Completion(CompletionKind.Cancel));
        var noTick = ScheduleRunRecorder.RunOf(Job(tags: ["recurring:nightly"], uniqueKey: "recurring:nightly:soon"), Completion(CompletionKind.Cancel));

        Assert.Equal((Created, JobState.Cancelled), (other?.Tick, other?.State));
        Assert.Equal(Created, noTick?.Tick);
    }

    [Theory]
    [InlineData(CompletionKind.Retry)]
    [InlineData(CompletionKind.Snooze)]
    [InlineData(CompletionKind.Interrupted)]
    public void RunOf_IsNull_WhenTheCompletionIsNotFinal(CompletionKind kind) =>
        Assert.Null(ScheduleRunRecorder.RunOf(Job(tags: ["recurring:nightly"], uniqueKey: "recurring:nightly:2026-03-01T02:00:00Z"), Completion(kind)));

    [Fact]
    public void RunOf_IsNull_WhenTheJobIsNoSchedules() =>
        Assert.Null(ScheduleRunRecorder.RunOf(Job(tags: ["recurringly"], uniqueKey: "recurring:nightly:2026-03-01T02:00:00Z"), Completion(CompletionKind.Completed)));

    private static JobRecord Job(IReadOnlyList<string> tags, string? uniqueKey) => new()
    {
        Id = 7,
        Kind = "report",
        Queue = "reports",
        Args = "{}"u8.ToArray(),
        State = JobState.Running,
        Attempt = 1,
        MaxAttempts = 3,
        Priority = 0,
        ScheduledAt = Created,
        CreatedAt = Created,
        UniqueKey = uniqueKey,
        Tags = tags,
    };

    private static JobCompletion Completion(CompletionKind kind) => new()
    {
        JobId = 7,
        Attempt = 1,
        LeaseOwner = "node-a",
        Kind = kind,
        ScheduledAt = kind is CompletionKind.Retry or CompletionKind.Snooze ? Decided.AddMinutes(1) : null,
        DecidedAt = Decided,
    };
}
