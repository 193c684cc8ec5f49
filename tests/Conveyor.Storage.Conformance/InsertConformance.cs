namespace Conveyor.Storage.Conformance;

/// <summary>Insert: batches, unique keys, scheduling, round-tripped fields.</summary>
public abstract class InsertConformance : StoreConformanceBase
{
    [Fact]
    public async Task Insert_ReturnsDistinctIncreasingIds_InRequestOrder()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        var ids = await InsertAsync(store, Job(), Job(), Job());

        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids.Order(), ids);
    }

    [Fact]
    public async Task Insert_RoundTripsEveryField_WhenReadBack()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var job = Job(queue: "emails", priority: -2, uniqueKey: "k1", kind: "send_email") with { Tags = ["a", "b"], MaxAttempts = 7 };

        var id = (await InsertAsync(store, job))[0];

        var stored = await GetAsync(store, id);
        Assert.Equal(("send_email", "emails", -2, 7, "k1"), (stored.Kind, stored.Queue, stored.Priority, stored.MaxAttempts, stored.UniqueKey));
        Assert.Equal(job.Args.ToArray(), stored.Args.ToArray());
        Assert.Equal(["a", "b"], stored.Tags);
        Assert.Equal((JobState.Available, 0), (stored.State, stored.Attempt));
        Assert.Equal(time.GetUtcNow(), stored.CreatedAt);
        Assert.Empty(stored.Errors);
        Assert.Null(stored.TraceParent);
    }

    [Fact]
    public async Task Insert_KeepsTheTraceParent_ForGetAndFetch()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var id = (await InsertAsync(store, Job() with { TraceParent = TraceParent }))[0];

        Assert.Equal(TraceParent, (await GetAsync(store, id)).TraceParent);
        Assert.Equal(TraceParent, Assert.Single(await FetchAsync(store)).TraceParent);
    }

    [Fact]
    public async Task Insert_MakesJobScheduled_WhenDueInTheFuture()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var due = time.GetUtcNow().AddMinutes(5);

        var id = (await InsertAsync(store, Job(scheduledAt: due)))[0];

        var stored = await GetAsync(store, id);
        Assert.Equal((JobState.Scheduled, due), (stored.State, stored.ScheduledAt));
    }

    [Fact]
    public async Task Insert_ReturnsTheExistingId_AndInsertsNothing_WhenUniqueKeyIsHeld()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var first = (await InsertAsync(store, Job(uniqueKey: "sync:1")))[0];

        var again = await store.Store.InsertAsync(new InsertJobsRequest { Jobs = [Job(uniqueKey: "sync:1"), Job(uniqueKey: "sync:2")] }, CancellationToken.None);

        Assert.Equal(new InsertedJob(first, Duplicate: true), again.Jobs[0]);
        Assert.False(again.Jobs[1].Duplicate);
        Assert.Equal(2, (await store.Admin.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs.Count);
    }

    [Fact]
    public async Task Insert_AcceptsTheKeyAgain_AfterTheHolderFinished()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var first = (await InsertAsync(store, Job(uniqueKey: "once")))[0];
        var fetched = Assert.Single(await FetchAsync(store));
        await CompleteAsync(store, Completion(fetched, CompletionKind.Completed, time.GetUtcNow()));

        var second = await store.Store.InsertAsync(new InsertJobsRequest { Jobs = [Job(uniqueKey: "once")] }, CancellationToken.None);

        Assert.False(second.Jobs[0].Duplicate);
        Assert.NotEqual(first, second.Jobs[0].Id);
    }

    [Fact]
    public async Task Insert_KeepsExactlyOneJob_WhenEightInsertersRaceOnOneKey()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => InsertAsync(store, Job(uniqueKey: "race")))));

        Assert.Single(results.Select(r => r[0]).Distinct());
        Assert.Single((await store.Admin.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs);
    }

    [Fact]
    public async Task Insert_StoresNothing_WhenAnyJobOfTheBatchIsRejected()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var invalid = Job() with { Queue = null! };

        await Assert.ThrowsAnyAsync<Exception>(async () => await InsertAsync(store, Job(uniqueKey: "first"), Job(), invalid));

        Assert.Empty((await store.Admin.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs);
        Assert.False((await store.Store.InsertAsync(new InsertJobsRequest { Jobs = [Job(uniqueKey: "first")] }, CancellationToken.None)).Jobs[0].Duplicate);
    }

    [Fact]
    public async Task Insert_MakesJobAvailable_WhenDueNowOrInThePast()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;

        var ids = await InsertAsync(store, Job(scheduledAt: time.GetUtcNow()), Job(scheduledAt: time.GetUtcNow().AddMinutes(-5)));

        foreach (var id in ids)
        {
            var stored = await GetAsync(store, id);
            Assert.Equal(JobState.Available, stored.State);
            Assert.True(stored.ScheduledAt <= time.GetUtcNow());
        }

        Assert.Equal(2, (await FetchAsync(store)).Count);
    }

    [Fact]
    public async Task Insert_ReturnsTheFirstId_WhenOneBatchRepeatsAKey()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        var result = await store.Store.InsertAsync(new InsertJobsRequest { Jobs = [Job(uniqueKey: "twice"), Job(uniqueKey: "twice")] }, CancellationToken.None);

        Assert.Equal(new InsertedJob(result.Jobs[0].Id, Duplicate: true), result.Jobs[1]);
        Assert.False(result.Jobs[0].Duplicate);
        Assert.Single((await store.Admin.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs);
    }

    [Fact]
    public async Task Insert_ReturnsTheExistingId_WhileTheHolderIsRunningOrWaitingToRetry()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var id = (await InsertAsync(store, Job(uniqueKey: "busy")))[0];
        var job = Assert.Single(await FetchAsync(store));

        var whileRunning = await store.Store.InsertAsync(new InsertJobsRequest { Jobs = [Job(uniqueKey: "busy")] }, CancellationToken.None);
        await CompleteAsync(store, Completion(job, CompletionKind.Retry, time.GetUtcNow(), time.GetUtcNow().AddMinutes(1), Error(job, time.GetUtcNow())));
        var whileRetryable = await store.Store.InsertAsync(new InsertJobsRequest { Jobs = [Job(uniqueKey: "busy")] }, CancellationToken.None);

        Assert.Equal(new InsertedJob(id, Duplicate: true), whileRunning.Jobs[0]);
        Assert.Equal(new InsertedJob(id, Duplicate: true), whileRetryable.Jobs[0]);
    }
}
