using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Conveyor.Tests;

public sealed class JobStateMachineTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RetryPolicy Policy = new() { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromMinutes(5) };

    [Fact]
    public void Decide_Completes_WhenHandlerSucceeded()
    {
        var completion = Decide(Running(attempt: 1), new ExecutionOutcome.Succeeded());

        Assert.Equal(CompletionKind.Completed, completion.Kind);
        Assert.Equal(JobState.Completed, completion.TargetState);
        Assert.True(completion.IsFinal);
        Assert.Null(completion.Error);
    }

    [Fact]
    public void Decide_CarriesTheGuard_FromTheFetchedJob()
    {
        var job = Running(attempt: 3) with { LeaseOwner = "node-7" };

        var completion = Decide(job, new ExecutionOutcome.Succeeded());

        Assert.Equal((job.Id, 3, "node-7"), (completion.JobId, completion.Attempt, completion.LeaseOwner));
    }

    [Fact]
    public void Decide_RetriesWithBackoff_WhenAttemptsRemain()
    {
        var completion = Decide(Running(attempt: 2), Failed<InvalidOperationException>(), jitter: 0.5);

        Assert.Equal(CompletionKind.Retry, completion.Kind);
        Assert.Equal(JobState.Retryable, completion.TargetState);
        Assert.Equal(Now + Policy.Backoff(2, 0.5), completion.ScheduledAt);
        Assert.NotNull(completion.Error);
    }

    [Fact]
    public void Decide_Discards_WhenAttemptsAreExhausted()
    {
        var completion = Decide(Running(attempt: 5, maxAttempts: 5), Failed<InvalidOperationException>());

        Assert.Equal(CompletionKind.Discard, completion.Kind);
        Assert.Equal(JobState.Discarded, completion.TargetState);
        Assert.Equal("System.InvalidOperationException", completion.Error!.ExceptionType);
    }

    [Fact]
    public void Decide_DiscardsAtOnce_OnPermanentJobException()
    {
        var completion = Decide(Running(attempt: 1, maxAttempts: 25), Failed<PermanentJobException>());

        Assert.Equal(CompletionKind.Discard, completion.Kind);
    }

    [Fact]
    public void Decide_DiscardsWithReason_WhenJobIsUndecodable()
    {
        var completion = Decide(Running(attempt: 1), new ExecutionOutcome.Undecodable("Unknown job kind 'x'"));

        Assert.Equal(CompletionKind.Discard, completion.Kind);
        Assert.Equal("undecodable", completion.Error!.ExceptionType);
        Assert.Contains("Unknown job kind", completion.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_DiscardsWithReason_WhenHandlerAskedToDiscard()
    {
        var completion = Decide(Running(attempt: 1), new ExecutionOutcome.DiscardRequested("card declined"));

        Assert.Equal(CompletionKind.Discard, completion.Kind);
        Assert.Equal("card declined", completion.Error!.Message);
    }

    [Fact]
    public void Decide_GivesAttemptBack_WhenInterrupted()
    {
        var completion = Decide(Running(attempt: 4), new ExecutionOutcome.Interrupted());

        Assert.Equal(JobState.Available, completion.TargetState);
        Assert.False(completion.ChargesAttempt);
        Assert.False(completion.IsFinal);
    }

    [Fact]
    public void Decide_SchedulesWithoutCharging_WhenSnoozed()
    {
        var completion = Decide(Running(attempt: 1), new ExecutionOutcome.SnoozeRequested(TimeSpan.FromMinutes(3)));

        Assert.Equal(JobState.Scheduled, completion.TargetState);
        Assert.Equal(Now.AddMinutes(3), completion.ScheduledAt);
        Assert.False(completion.ChargesAttempt);
    }

    [Fact]
    public void Decide_Cancels_WhenCancelWasRequested()
    {
        var completion = Decide(Running(attempt: 1), new ExecutionOutcome.CancelRequested());

        Assert.Equal(JobState.Cancelled, completion.TargetState);
        Assert.True(completion.IsFinal);
    }

    [Fact]
    public void Decide_CountsARescueAsACrashedAttempt_AndDiscardsAtTheLimit()
    {
        var retry = Decide(Running(attempt: 1, maxAttempts: 3), new ExecutionOutcome.LeaseExpired());
        var discard = Decide(Running(attempt: 3, maxAttempts: 3), new ExecutionOutcome.LeaseExpired());

        Assert.Equal((CompletionKind.Retry, "crashed"), (retry.Kind, retry.Error!.ExceptionType));
        Assert.Equal((CompletionKind.Discard, "crashed"), (discard.Kind, discard.Error!.ExceptionType));
    }

    [Fact]
    public void Decide_RescuedJob_KeepsItsPlaceInLine_InsteadOfBackingOff()
    {
        var fetched = Running(attempt: 2, maxAttempts: 5) with { ScheduledAt = Now.AddMinutes(-10) };

        var rescue = Decide(fetched, new ExecutionOutcome.LeaseExpired(), jitter: 0.99);
        var failure = Decide(fetched, Failed<InvalidOperationException>(), jitter: 0.99);

        Assert.Equal((CompletionKind.Retry, null), (rescue.Kind, rescue.ScheduledAt));
        Assert.True(failure.ScheduledAt > Now, "An ordinary failure still backs off.");
    }

    [Fact]
    public void Decide_Throws_WhenJobIsNotRunning() =>
        Assert.Throws<InvalidOperationException>(() => Decide(Running(attempt: 1) with { State = JobState.Available }, new ExecutionOutcome.Succeeded()));

    [Property]
    public Property Decide_NeverLoops_ACrashingJobEndsDiscardedWithinMaxAttempts(PositiveInt max)
    {
        var maxAttempts = Math.Min(max.Get, 50);
        var attempt = 1;
        while (Decide(Running(attempt, maxAttempts), new ExecutionOutcome.LeaseExpired()).Kind == CompletionKind.Retry)
        {
            attempt++;
        }

        return (attempt == maxAttempts).ToProperty();
    }

    [Property]
    public Property Decide_AlwaysYieldsAnAllowedTransitionOutOfRunning(PositiveInt attempt, NormalFloat sample)
    {
        var jitter = double.IsFinite(sample.Get) ? Math.Abs(sample.Get) % 1.0 : 0;
        var job = Running(Math.Min(attempt.Get, 30), maxAttempts: 20);
        ExecutionOutcome[] outcomes =
        [
            new ExecutionOutcome.Succeeded(), Failed<InvalidOperationException>(), new ExecutionOutcome.Interrupted(),
            new ExecutionOutcome.CancelRequested(), new ExecutionOutcome.LeaseExpired(), new ExecutionOutcome.Undecodable("x"),
            new ExecutionOutcome.SnoozeRequested(TimeSpan.FromSeconds(1)), new ExecutionOutcome.DiscardRequested("x"),
        ];

        return outcomes.All(o => JobStateMachine.CanTransition(JobState.Running, Decide(job, o, jitter).TargetState)).ToProperty();
    }

    [Fact]
    public void CanTransition_AllowsManualRetry_OnlyFromFinalStates()
    {
        Assert.True(JobStateMachine.CanTransition(JobState.Discarded, JobState.Available));
        Assert.True(JobStateMachine.CanTransition(JobState.Completed, JobState.Available));
        Assert.False(JobStateMachine.CanTransition(JobState.Completed, JobState.Running));
        Assert.False(JobStateMachine.CanTransition(JobState.Scheduled, JobState.Completed));
    }

    private static JobCompletion Decide(JobRecord job, ExecutionOutcome outcome, double jitter = 0.25) =>
        JobStateMachine.Decide(job, outcome, Policy, Now, jitter);

    private static ExecutionOutcome.Failed Failed<TException>()
        where TException : Exception =>
        new(new AttemptError(Now, 1, typeof(TException).FullName!, "boom", null, "node-1", 5), typeof(TException));

    private static JobRecord Running(int attempt, int maxAttempts = 5) => new()
    {
        Id = 42,
        Kind = "test",
        Queue = "default",
        Args = "{}"u8.ToArray(),
        State = JobState.Running,
        Attempt = attempt,
        MaxAttempts = maxAttempts,
        Priority = 0,
        ScheduledAt = Now,
        CreatedAt = Now,
        AttemptedAt = Now.AddSeconds(-1),
        LeaseOwner = "node-1",
        LeaseExpiresAt = Now.AddSeconds(30),
    };
}
