namespace Conveyor.Storage.Conformance;

/// <summary>Maintenance: promote, expired leases, lease renewal, pruning, leadership.</summary>
public abstract class MaintenanceConformance : StoreConformanceBase
{
    [Fact]
    public async Task PromoteDue_MakesOnlyDueJobsAvailable_AndNamesTheirQueues()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var soon = (await InsertAsync(store, Job("a", scheduledAt: time.GetUtcNow().AddSeconds(5))))[0];
        var later = (await InsertAsync(store, Job("b", scheduledAt: time.GetUtcNow().AddHours(1))))[0];
        time.Advance(TimeSpan.FromSeconds(5));

        var result = await store.Store.PromoteDueAsync(new PromoteDueRequest { Limit = 100 }, CancellationToken.None);

        Assert.Equal((1, "a"), (result.Promoted, Assert.Single(result.Queues)));
        Assert.Equal(JobState.Available, (await GetAsync(store, soon)).State);
        Assert.Equal(JobState.Scheduled, (await GetAsync(store, later)).State);
    }

    [Fact]
    public async Task GetExpiredLeases_ListsARunningJob_OnlyAfterItsLeaseRanOut()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job());
        var job = Assert.Single(await FetchAsync(store, lease: TimeSpan.FromSeconds(30)));
        var request = new GetExpiredLeasesRequest { Limit = 10 };

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty((await store.Store.GetExpiredLeasesAsync(request, CancellationToken.None)).Jobs);
        time.Advance(TimeSpan.FromSeconds(2));

        var expired = Assert.Single((await store.Store.GetExpiredLeasesAsync(request, CancellationToken.None)).Jobs);
        Assert.Equal((job.Id, job.Attempt, Owner), (expired.Id, expired.Attempt, expired.LeaseOwner));
    }

    [Fact]
    public async Task ExtendLeases_KeepsAJobAlive_AndReportsLostLeasesAndCancelRequests()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job(), Job());
        var jobs = await FetchAsync(store, lease: TimeSpan.FromSeconds(30));
        await store.Admin.CancelJobsAsync(new JobIdsRequest { JobIds = [jobs[1].Id] }, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(20));

        var result = await store.Store.ExtendLeasesAsync(new ExtendLeasesRequest
        {
            Owner = Owner,
            LeaseDuration = TimeSpan.FromSeconds(30),
            Leases = [new LeaseRef(jobs[0].Id, jobs[0].Attempt), new LeaseRef(jobs[1].Id, jobs[1].Attempt), new LeaseRef(jobs[0].Id, jobs[0].Attempt + 1)],
        }, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal([jobs[0].Id], result.Lost);
        Assert.Equal([jobs[1].Id], result.CancelRequested);
        Assert.Empty((await store.Store.GetExpiredLeasesAsync(new GetExpiredLeasesRequest { Limit = 10 }, CancellationToken.None)).Jobs);
    }

    [Fact]
    public async Task DeleteFinalized_DeletesOnlyThatStateBeforeTheCutoff_UpToTheLimit()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job(), Job(), Job(), Job());
        var jobs = await FetchAsync(store);
        await CompleteAsync(store, Completion(jobs[0], CompletionKind.Completed, time.GetUtcNow()), Completion(jobs[1], CompletionKind.Completed, time.GetUtcNow()), Completion(jobs[2], CompletionKind.Discard, time.GetUtcNow()));
        time.Advance(TimeSpan.FromHours(2));
        await CompleteAsync(store, Completion(jobs[3], CompletionKind.Completed, time.GetUtcNow()));

        var request = new DeleteFinalizedRequest { State = JobState.Completed, FinalizedBefore = time.GetUtcNow().AddHours(-1), Limit = 1 };
        var first = await store.Store.DeleteFinalizedAsync(request, CancellationToken.None);
        var second = await store.Store.DeleteFinalizedAsync(request, CancellationToken.None);
        var third = await store.Store.DeleteFinalizedAsync(request, CancellationToken.None);

        Assert.Equal((1, 1, 0), (first.Deleted, second.Deleted, third.Deleted));
        var left = (await store.Admin.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs.Select(j => j.Id).Order();
        Assert.Equal([jobs[2].Id, jobs[3].Id], left);
    }

    [Fact]
    public async Task DeleteFinalized_KeepsToItsQueue_OrLeavesTheQueuesItExcepts()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job("a"), Job("a"), Job("b"), Job("c"));
        var finished = new List<JobRecord>();
        foreach (var queue in new[] { "a", "b", "c" })
        {
            finished.AddRange(await FetchAsync(store, queue));
        }

        await CompleteAsync(store, [.. finished.Select(j => Completion(j, CompletionKind.Completed, time.GetUtcNow()))]);
        time.Advance(TimeSpan.FromHours(2));
        var cutoff = time.GetUtcNow().AddHours(-1);

        var onlyB = await store.Store.DeleteFinalizedAsync(new DeleteFinalizedRequest { State = JobState.Completed, FinalizedBefore = cutoff, Limit = 10, Queue = "b" }, CancellationToken.None);
        var allButA = await store.Store.DeleteFinalizedAsync(new DeleteFinalizedRequest { State = JobState.Completed, FinalizedBefore = cutoff, Limit = 10, ExceptQueues = ["a"] }, CancellationToken.None);

        Assert.Equal((1, 1), (onlyB.Deleted, allButA.Deleted));
        var left = (await store.Admin.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs;
        Assert.Equal(["a", "a"], left.Select(j => j.Queue));
    }

    [Fact]
    public async Task Leadership_HasOneHolder_UntilItsTtlRunsOutOrItIsReleased()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        LeadershipRequest Ask(string owner) => new() { Name = "maintenance", Owner = owner, Ttl = TimeSpan.FromSeconds(30) };

        Assert.True((await store.Store.TryAcquireLeadershipAsync(Ask("a"), CancellationToken.None)).IsLeader);
        Assert.False((await store.Store.TryAcquireLeadershipAsync(Ask("b"), CancellationToken.None)).IsLeader);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True((await store.Store.TryAcquireLeadershipAsync(Ask("a"), CancellationToken.None)).IsLeader);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.False((await store.Store.TryAcquireLeadershipAsync(Ask("b"), CancellationToken.None)).IsLeader);
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.True((await store.Store.TryAcquireLeadershipAsync(Ask("b"), CancellationToken.None)).IsLeader);

        await store.Store.ReleaseLeadershipAsync(new ReleaseLeadershipRequest { Name = "maintenance", Owner = "b" }, CancellationToken.None);
        Assert.True((await store.Store.TryAcquireLeadershipAsync(Ask("c"), CancellationToken.None)).IsLeader);
    }

    [Fact]
    public async Task PromoteDue_MakesADueRetryableJobAvailable_KeepingItsAttemptAndErrors_UpToTheLimit()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job(), Job());
        var jobs = await FetchAsync(store);
        var now = time.GetUtcNow();
        await CompleteAsync(store,
            Completion(jobs[0], CompletionKind.Retry, now, now.AddSeconds(1), Error(jobs[0], now)),
            Completion(jobs[1], CompletionKind.Retry, now, now.AddSeconds(2), Error(jobs[1], now)));
        time.Advance(TimeSpan.FromSeconds(2));

        var first = await store.Store.PromoteDueAsync(new PromoteDueRequest { Limit = 1 }, CancellationToken.None);
        var second = await store.Store.PromoteDueAsync(new PromoteDueRequest { Limit = 10 }, CancellationToken.None);

        Assert.Equal((1, 1), (first.Promoted, second.Promoted));
        var promoted = await GetAsync(store, jobs[0].Id);
        Assert.Equal((JobState.Available, 1), (promoted.State, promoted.Attempt));
        Assert.Single(promoted.Errors);
        Assert.Equal(2, (await FetchAsync(store)).Count);
    }

    [Fact]
    public async Task DeleteFinalized_LeavesAJob_ThatWasRetriedSinceItFinished()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job());
        var job = Assert.Single(await FetchAsync(store));
        await CompleteAsync(store, Completion(job, CompletionKind.Discard, time.GetUtcNow(), error: Error(job, time.GetUtcNow())));
        await store.Admin.RetryJobsAsync(new JobIdsRequest { JobIds = [job.Id] }, CancellationToken.None);
        time.Advance(TimeSpan.FromHours(2));

        var result = await store.Store.DeleteFinalizedAsync(new DeleteFinalizedRequest { State = JobState.Discarded, FinalizedBefore = time.GetUtcNow(), Limit = 10 }, CancellationToken.None);

        Assert.Equal(0, result.Deleted);
        Assert.Equal(JobState.Available, (await GetAsync(store, job.Id)).State);
    }
}
