using System.Text;

namespace Conveyor.Storage.Conformance;

/// <summary>Progress reports and results: guarded like completions, kept on the job, cleared when an attempt starts.</summary>
public abstract class ProgressConformance : StoreConformanceBase
{
    [Fact]
    public async Task ReportProgress_IsKeptOnTheJob_WhenTheAttemptIsStillRunning()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job());
        var job = Assert.Single(await FetchAsync(store));

        Assert.True(await ReportAsync(store, job, 40, "read 400 of 1,000 rows"));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(await ReportAsync(store, job, 65, null));

        var stored = await GetAsync(store, job.Id);
        Assert.Equal(new JobProgress(65, null, time.GetUtcNow()), stored.Progress);
    }

    [Fact]
    public async Task ReportProgress_IsRefused_ForAnotherOwnerOrAttempt_OrAFinishedJob()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job());
        var job = Assert.Single(await FetchAsync(store));
        Assert.True(await ReportAsync(store, job, 10, "started"));

        var otherOwner = await ReportAsync(store, job with { LeaseOwner = "worker-2" }, 50, "stale");
        var otherAttempt = await ReportAsync(store, job with { Attempt = job.Attempt + 1 }, 50, "stale");
        await CompleteAsync(store, Completion(job, CompletionKind.Completed, time.GetUtcNow()));
        var afterCompletion = await ReportAsync(store, job, 90, "late");

        Assert.Equal((false, false, false), (otherOwner, otherAttempt, afterCompletion));
        Assert.Equal((10, "started"), (await GetAsync(store, job.Id)).Progress is { } p ? (p.Percent, p.Message) : default);
    }

    [Fact]
    public async Task Complete_KeepsTheResultOfASuccessfulAttempt()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job(), Job());
        var jobs = await FetchAsync(store);

        await CompleteAsync(
            store,
            Completion(jobs[0], CompletionKind.Completed, time.GetUtcNow()) with { Result = Encoding.UTF8.GetBytes("{\"rows\":1000}") },
            Completion(jobs[1], CompletionKind.Completed, time.GetUtcNow()));

        Assert.Equal("{\"rows\":1000}", Encoding.UTF8.GetString((await GetAsync(store, jobs[0].Id)).Result!.Value.Span));
        Assert.Null((await GetAsync(store, jobs[1].Id)).Result);
    }

    [Fact]
    public async Task ANewAttempt_StartsWithNoProgressAndNoResult()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var id = (await InsertAsync(store, Job()))[0];
        var job = Assert.Single(await FetchAsync(store));
        await ReportAsync(store, job, 100, "done");
        await CompleteAsync(store, Completion(job, CompletionKind.Completed, time.GetUtcNow()) with { Result = Encoding.UTF8.GetBytes("{\"rows\":1}") });
        await store.Admin.RetryJobsAsync(new JobIdsRequest { JobIds = [id] }, CancellationToken.None);

        var again = Assert.Single(await FetchAsync(store));

        Assert.Null(again.Progress);
        Assert.Null(again.Result);
        var stored = await GetAsync(store, id);
        Assert.Null(stored.Progress);
        Assert.Null(stored.Result);
    }

    private static async Task<bool> ReportAsync(StoreUnderTest store, JobRecord job, int percent, string? message) =>
        await store.Store.ReportProgressAsync(new ReportProgressRequest { JobId = job.Id, Attempt = job.Attempt, Owner = job.LeaseOwner!, Percent = percent, Message = message }, CancellationToken.None);
}
