using Conveyor.Storage;

namespace Conveyor.Sqlite.Tests;

/// <summary>The completion guard (running, same attempt, same owner) and the bounded error history.</summary>
public sealed class SqliteCompletionGuardTests
{
    [Fact]
    public async Task CompleteAsync_ReportsStaleAndChangesNothing_WhenTheAttemptIsWrong()
    {
        using var db = new TempDatabase();
        var time = TempDatabase.NewClock();
        var store = await db.OpenMigratedAsync(time);
        await store.InsertAsync(TempDatabase.Job());
        var job = Assert.Single(await store.FetchAsync());

        var result = await store.CompleteAsync(StoreCalls.Completion(job, CompletionKind.Completed, time.GetUtcNow()) with { Attempt = job.Attempt + 1 });

        Assert.Equal(0, result.Applied);
        Assert.Equal([job.Id], result.Stale);
        AssertUnchanged(job, await store.GetAsync(job.Id));
    }

    [Fact]
    public async Task CompleteAsync_ReportsStaleAndChangesNothing_WhenTheOwnerIsWrong()
    {
        using var db = new TempDatabase();
        var time = TempDatabase.NewClock();
        var store = await db.OpenMigratedAsync(time);
        await store.InsertAsync(TempDatabase.Job());
        var job = Assert.Single(await store.FetchAsync());
        var error = new AttemptError(time.GetUtcNow(), job.Attempt, "System.Exception", "late", null, "worker-2", 1);

        var result = await store.CompleteAsync(StoreCalls.Completion(job, CompletionKind.Discard, time.GetUtcNow()) with { LeaseOwner = "worker-2", Error = error });

        Assert.Equal(0, result.Applied);
        Assert.Equal([job.Id], result.Stale);
        AssertUnchanged(job, await store.GetAsync(job.Id));
    }

    [Fact]
    public async Task CompleteAsync_ReportsStale_WhenTheJobIsAlreadyFinished()
    {
        using var db = new TempDatabase();
        var time = TempDatabase.NewClock();
        var store = await db.OpenMigratedAsync(time);
        await store.InsertAsync(TempDatabase.Job());
        var job = Assert.Single(await store.FetchAsync());
        var completed = StoreCalls.Completion(job, CompletionKind.Completed, time.GetUtcNow());
        await store.CompleteAsync(completed);

        var again = await store.CompleteAsync(completed with { Kind = CompletionKind.Discard });

        Assert.Equal([job.Id], again.Stale);
        Assert.Equal(JobState.Completed, (await store.GetAsync(job.Id))!.State);
    }

    [Fact]
    public async Task CompleteAsync_KeepsTheNewestErrorsOnly_WhenAJobFailsMoreThanTheLimit()
    {
        const int Failures = 25;
        using var db = new TempDatabase();
        var time = TempDatabase.NewClock();
        var store = await db.OpenMigratedAsync(time);
        var policy = RetryPolicy.Default with { MaxAttempts = 30, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1) };
        var id = (await store.InsertAsync(TempDatabase.Job(maxAttempts: 30)))[0];

        for (var i = 1; i <= Failures; i++)
        {
            var job = Assert.Single(await store.FetchAsync());
            Assert.Equal(i, job.Attempt);
            var now = time.GetUtcNow();
            var failed = new ExecutionOutcome.Failed(new AttemptError(now, job.Attempt, "System.InvalidOperationException", $"failure {i}", null, job.LeaseOwner, 3), typeof(InvalidOperationException));
            var completion = JobStateMachine.Decide(job, failed, policy, now, jitter: 0.5);
            Assert.Equal(CompletionKind.Retry, completion.Kind);
            Assert.Equal(1, (await store.CompleteAsync(completion)).Applied);

            time.Advance(TimeSpan.FromSeconds(2));
            Assert.Equal(1, (await store.PromoteDueAsync(new PromoteDueRequest { Limit = 10 }, CancellationToken.None)).Promoted);
        }

        var stored = (await store.GetAsync(id))!;
        Assert.Equal((JobState.Available, Failures), (stored.State, stored.Attempt));
        Assert.Equal(StoreLimits.MaxErrorsPerJob, stored.Errors.Count);
        Assert.Equal(Enumerable.Range(Failures - StoreLimits.MaxErrorsPerJob + 1, StoreLimits.MaxErrorsPerJob), stored.Errors.Select(e => e.Attempt));
        Assert.Equal($"failure {Failures}", stored.Errors[^1].Message);
    }

    private static void AssertUnchanged(JobRecord fetched, JobRecord? stored)
    {
        Assert.NotNull(stored);
        Assert.Equal(
            (JobState.Running, fetched.Attempt, fetched.LeaseOwner, fetched.LeaseExpiresAt, (DateTimeOffset?)null, 0),
            (stored.State, stored.Attempt, stored.LeaseOwner, stored.LeaseExpiresAt, stored.FinalizedAt, stored.Errors.Count));
    }
}
