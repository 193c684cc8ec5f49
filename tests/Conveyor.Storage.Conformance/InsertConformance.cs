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
}
