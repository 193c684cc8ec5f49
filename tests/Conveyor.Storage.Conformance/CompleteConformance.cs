namespace Conveyor.Storage.Conformance;

/// <summary>Complete: every completion kind, error history, and the stale-completion guard.</summary>
public abstract class CompleteConformance : StoreConformanceBase
{
    [Fact]
    public async Task Complete_FinalizesTheJob_WhenCompleted()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job());
        var job = Assert.Single(await FetchAsync(store));

        var result = await CompleteAsync(store, Completion(job, CompletionKind.Completed, time.GetUtcNow()));

        var stored = await GetAsync(store, job.Id);
        Assert.Equal((1, 0), (result.Applied, result.Stale.Count));
        Assert.Equal((JobState.Completed, 1, time.GetUtcNow()), (stored.State, stored.Attempt, stored.FinalizedAt));
        Assert.Null(stored.LeaseOwner);
        Assert.Null(stored.LeaseExpiresAt);
    }

    [Fact]
    public async Task Complete_SchedulesARetry_AndAppendsTheError()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job());
        var job = Assert.Single(await FetchAsync(store));
        var at = time.GetUtcNow().AddSeconds(8);
        var error = Error(job, time.GetUtcNow());

        await CompleteAsync(store, Completion(job, CompletionKind.Retry, time.GetUtcNow(), at, error));

        var stored = await GetAsync(store, job.Id);
        Assert.Equal((JobState.Retryable, at, 1), (stored.State, stored.ScheduledAt, stored.Attempt));
        Assert.Null(stored.FinalizedAt);
        Assert.Equal(error, Assert.Single(stored.Errors));
    }

    [Theory]
    [InlineData(CompletionKind.Discard, JobState.Discarded)]
    [InlineData(CompletionKind.Cancel, JobState.Cancelled)]
    public async Task Complete_FinalizesWithTheError_WhenDiscardedOrCancelled(CompletionKind kind, JobState expected)
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job());
        var job = Assert.Single(await FetchAsync(store));

        await CompleteAsync(store, Completion(job, kind, time.GetUtcNow(), error: Error(job, time.GetUtcNow(), "why")));

        var stored = await GetAsync(store, job.Id);
        Assert.Equal((expected, time.GetUtcNow()), (stored.State, stored.FinalizedAt));
        Assert.Equal("why", Assert.Single(stored.Errors).Message);
    }

    [Theory]
    [InlineData(CompletionKind.Snooze, JobState.Scheduled)]
    [InlineData(CompletionKind.Interrupted, JobState.Available)]
    public async Task Complete_GivesTheAttemptBack_WhenSnoozedOrInterrupted(CompletionKind kind, JobState expected)
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job());
        var job = Assert.Single(await FetchAsync(store));
        DateTimeOffset? at = kind == CompletionKind.Snooze ? time.GetUtcNow().AddMinutes(1) : null;

        await CompleteAsync(store, Completion(job, kind, time.GetUtcNow(), at));

        var stored = await GetAsync(store, job.Id);
        Assert.Equal((expected, 0), (stored.State, stored.Attempt));
        Assert.Equal(at ?? job.ScheduledAt, stored.ScheduledAt);
    }

    [Fact]
    public async Task Complete_SpendsNoneOfTheAttemptBudget_WhileAJobOfAnUnknownKindWaits_ThenDiscardsItAsUnknownKind()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var id = (await InsertAsync(store, Job(kind: "renamed_job") with { MaxAttempts = 2 }))[0];
        var unknown = new ExecutionOutcome.UnknownKind(Owner, Grace: TimeSpan.FromMinutes(2), Recheck: TimeSpan.FromSeconds(30));

        // Four waits, twice the job's budget of two attempts, decided by the state machine as a worker would.
        var completions = new List<JobCompletion>();
        for (var wait = 1; wait <= 4; wait++)
        {
            var job = Assert.Single(await FetchAsync(store));
            Assert.Equal(1, job.Attempt);
            completions.Add(JobStateMachine.Decide(job, unknown, RetryPolicy.Default, time.GetUtcNow(), 0.5));
            Assert.Equal(1, (await CompleteAsync(store, completions[^1])).Applied);

            var waiting = await GetAsync(store, id);
            Assert.Equal((JobState.Scheduled, 0, time.GetUtcNow().AddSeconds(30)), (waiting.State, waiting.Attempt, waiting.ScheduledAt));
            Assert.Empty(waiting.Errors);
            time.Advance(TimeSpan.FromSeconds(30));
            await store.Store.PromoteDueAsync(new PromoteDueRequest { Limit = 10 }, CancellationToken.None);
        }

        var last = Assert.Single(await FetchAsync(store));
        var discard = JobStateMachine.Decide(last, unknown, RetryPolicy.Default, time.GetUtcNow(), 0.5);
        await CompleteAsync(store, discard);

        Assert.All(completions, c => Assert.Equal(CompletionKind.Snooze, c.Kind));
        var stored = await GetAsync(store, id);
        Assert.Equal((JobState.Discarded, 1, time.GetUtcNow()), (stored.State, stored.Attempt, stored.FinalizedAt));
        Assert.Equal(("unknown_kind", 1), (Assert.Single(stored.Errors).ExceptionType, stored.Errors[0].Attempt));
    }

    [Fact]
    public async Task Complete_IgnoresAndReportsStaleCompletions_WithWrongAttemptOrOwner()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job());
        var job = Assert.Single(await FetchAsync(store));
        var now = time.GetUtcNow();

        var result = await CompleteAsync(store,
            Completion(job, CompletionKind.Completed, now) with { Attempt = job.Attempt + 1 },
            Completion(job, CompletionKind.Completed, now) with { LeaseOwner = "someone-else" });

        Assert.Equal(0, result.Applied);
        Assert.Equal([job.Id, job.Id], result.Stale);
        Assert.Equal(JobState.Running, (await GetAsync(store, job.Id)).State);
    }

    [Fact]
    public async Task Complete_RejectsTheOldWorker_AfterTheJobWasRescuedAndFetchedAgain()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job());
        var first = Assert.Single(await FetchAsync(store, owner: "old", lease: TimeSpan.FromSeconds(10)));
        time.Advance(TimeSpan.FromSeconds(11));
        var expired = Assert.Single((await store.Store.GetExpiredLeasesAsync(new GetExpiredLeasesRequest { Limit = 10 }, CancellationToken.None)).Jobs);
        await CompleteAsync(store, Completion(expired, CompletionKind.Interrupted, time.GetUtcNow()));
        var second = Assert.Single(await FetchAsync(store, owner: "new"));

        var stale = await CompleteAsync(store, Completion(first, CompletionKind.Completed, time.GetUtcNow()));

        Assert.Equal([first.Id], stale.Stale);
        var stored = await GetAsync(store, first.Id);
        Assert.Equal((JobState.Running, "new"), (stored.State, stored.LeaseOwner));
        Assert.Equal(1, (await CompleteAsync(store, Completion(second, CompletionKind.Completed, time.GetUtcNow()))).Applied);
    }

    [Fact]
    public async Task Complete_KeepsOnlyTheNewestErrors_WhenAJobFailsManyTimes()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var id = (await InsertAsync(store, Job() with { MaxAttempts = 100 }))[0];
        var attempts = StoreLimits.MaxErrorsPerJob + 5;
        for (var i = 1; i <= attempts; i++)
        {
            var job = Assert.Single(await FetchAsync(store));
            await CompleteAsync(store, Completion(job, CompletionKind.Retry, time.GetUtcNow(), time.GetUtcNow(), Error(job, time.GetUtcNow(), $"failure {i}")));
            await store.Store.PromoteDueAsync(new PromoteDueRequest { Limit = 10 }, CancellationToken.None);
        }

        var stored = await GetAsync(store, id);
        Assert.Equal(StoreLimits.MaxErrorsPerJob, stored.Errors.Count);
        Assert.Equal($"failure {attempts}", stored.Errors[^1].Message);
        Assert.Equal($"failure {attempts - StoreLimits.MaxErrorsPerJob + 1}", stored.Errors[0].Message);
    }

    [Fact]
    public async Task Complete_IgnoresAndReportsStaleCompletions_WhenTheJobIsNoLongerRunningOrMissing()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job());
        var job = Assert.Single(await FetchAsync(store));
        await CompleteAsync(store, Completion(job, CompletionKind.Completed, time.GetUtcNow()));
        var finishedAt = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(5));

        var result = await CompleteAsync(store,
            Completion(job, CompletionKind.Discard, time.GetUtcNow(), error: Error(job, time.GetUtcNow())),
            Completion(job, CompletionKind.Completed, time.GetUtcNow()) with { JobId = 987_654 });

        Assert.Equal(0, result.Applied);
        Assert.Equal([job.Id, 987_654], result.Stale);
        var stored = await GetAsync(store, job.Id);
        Assert.Equal((JobState.Completed, finishedAt), (stored.State, stored.FinalizedAt));
        Assert.Empty(stored.Errors);
    }
}
