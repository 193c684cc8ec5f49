using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Conveyor.Tests;

/// <summary>The state machine's rule for a job of a kind the worker has no handler for: wait free of charge, then discard.</summary>
public sealed class UnknownKindDecisionTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(30);

    [Fact]
    public void Decide_SnoozesWithoutChargingAnAttempt_WhenWithinTheGrace()
    {
        var now = Created.AddMinutes(10);

        var completion = Decide(Running(attempt: 1), now);

        Assert.Equal((CompletionKind.Snooze, JobState.Scheduled, false), (completion.Kind, completion.TargetState, completion.ChargesAttempt));
        Assert.Equal(now + Recheck, completion.ScheduledAt);
        Assert.Null(completion.Error);
    }

    [Fact]
    public void Decide_SnoozesRatherThanDiscards_WhenTheAttemptBudgetIsAlreadySpent()
    {
        var completion = Decide(Running(attempt: 5, maxAttempts: 5), Created.AddMinutes(1));

        Assert.Equal(CompletionKind.Snooze, completion.Kind);
        Assert.False(completion.ChargesAttempt);
    }

    [Fact]
    public void Decide_WaitsOnlyUntilTheGraceEnds_WhenLessThanARecheckRemains()
    {
        var completion = Decide(Running(attempt: 1), Created + Grace - TimeSpan.FromSeconds(10));

        Assert.Equal(CompletionKind.Snooze, completion.Kind);
        Assert.Equal(Created + Grace, completion.ScheduledAt);
    }

    [Fact]
    public void Decide_WaitsOutTheWholeGrace_WhenTheRecheckIsNotPositive()
    {
        var now = Created.AddMinutes(20);

        var completion = JobStateMachine.Decide(Running(attempt: 1), new ExecutionOutcome.UnknownKind("node-a", Grace, TimeSpan.Zero), RetryPolicy.Default, now, 0.5);

        Assert.Equal((CompletionKind.Snooze, Created + Grace), (completion.Kind, completion.ScheduledAt));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(86_400_000)]
    public void Decide_DiscardsAsUnknownKind_AtAndAfterTheGrace(long pastGraceMs)
    {
        var now = Created + Grace + TimeSpan.FromMilliseconds(pastGraceMs);

        var completion = Decide(Running(attempt: 1), now);

        Assert.Equal((CompletionKind.Discard, JobState.Discarded, true), (completion.Kind, completion.TargetState, completion.ChargesAttempt));
        var error = completion.Error!;
        Assert.Equal(("unknown_kind", 1, "node-a"), (error.ExceptionType, error.Attempt, error.Worker));
        Assert.Contains("Unknown job kind 'renamed_job'", error.Message, StringComparison.Ordinal);
        Assert.Contains("worker node-a", error.Message, StringComparison.Ordinal);
        Assert.Contains(Grace.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Property]
    public Property Decide_NeverChargesAndNeverOverrunsTheGrace_WhileWithin(PositiveInt ageSeconds, PositiveInt recheckSeconds)
    {
        var age = TimeSpan.FromSeconds(ageSeconds.Get % Grace.TotalSeconds);
        var recheck = TimeSpan.FromSeconds(recheckSeconds.Get);
        var now = Created + age;

        var completion = JobStateMachine.Decide(Running(attempt: 1), new ExecutionOutcome.UnknownKind("node-a", Grace, recheck), RetryPolicy.Default, now, 0.5);

        return (completion.Kind == CompletionKind.Snooze
                && !completion.ChargesAttempt
                && completion.ScheduledAt > now
                && completion.ScheduledAt <= Created + Grace
                && completion.ScheduledAt <= now + recheck).ToProperty();
    }

    private static JobCompletion Decide(JobRecord job, DateTimeOffset now) =>
        JobStateMachine.Decide(job, new ExecutionOutcome.UnknownKind("node-a", Grace, Recheck), RetryPolicy.Default, now, 0.5);

    private static JobRecord Running(int attempt, int maxAttempts = 5) => new()
    {
        Id = 7,
        Kind = "renamed_job",
        Queue = "default",
        Args = "{}"u8.ToArray(),
        State = JobState.Running,
        Attempt = attempt,
        MaxAttempts = maxAttempts,
        Priority = 0,
        ScheduledAt = Created,
        CreatedAt = Created,
        AttemptedAt = Created,
        LeaseOwner = "node-a",
        LeaseExpiresAt = Created.AddSeconds(30),
    };
}
