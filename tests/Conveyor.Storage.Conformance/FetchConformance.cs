namespace Conveyor.Storage.Conformance;

/// <summary>Fetch: order, limits, pauses, leases, and never the same job twice.</summary>
public abstract class FetchConformance : StoreConformanceBase
{
    [Fact]
    public async Task Fetch_ReturnsJobsByPriorityThenDueTimeThenId()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var low = (await InsertAsync(store, Job(priority: 5)))[0];
        var firstHigh = (await InsertAsync(store, Job(priority: -1)))[0];
        time.Advance(TimeSpan.FromSeconds(1));
        var secondHigh = (await InsertAsync(store, Job(priority: -1)))[0];
        var normal = (await InsertAsync(store, Job()))[0];

        var fetched = await FetchAsync(store, limit: 10);

        Assert.Equal([firstHigh, secondHigh, normal, low], fetched.Select(j => j.Id));
    }

    [Fact]
    public async Task Fetch_ClaimsAtMostTheLimit_AndOnlyFromItsQueue()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job("a"), Job("a"), Job("a"), Job("b"));

        var fetched = await FetchAsync(store, "a", limit: 2);

        Assert.Equal(2, fetched.Count);
        Assert.All(fetched, j => Assert.Equal("a", j.Queue));
        var untouched = Assert.Single((await store.Admin.ListJobsAsync(new ListJobsRequest { Queue = "b" }, CancellationToken.None)).Jobs);
        Assert.Equal((JobState.Available, 0, null), (untouched.State, untouched.Attempt, untouched.LeaseOwner));
        Assert.Single(await FetchAsync(store, "b"));
    }

    [Fact]
    public async Task Fetch_SetsRunningAttemptAndLease_FromTheStoreClock()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job());

        var job = Assert.Single(await FetchAsync(store, lease: TimeSpan.FromSeconds(30)));

        Assert.Equal((JobState.Running, 1, Owner), (job.State, job.Attempt, job.LeaseOwner));
        Assert.Equal(time.GetUtcNow(), job.AttemptedAt);
        Assert.Equal(time.GetUtcNow().AddSeconds(30), job.LeaseExpiresAt);
        Assert.Equal(job, await GetAsync(store, job.Id), JobComparer.Instance);
    }

    [Fact]
    public async Task Fetch_ReturnsNothing_WhenQueueIsPaused_AndResumesAfter()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job("mail"));

        await store.Admin.SetQueuePausedAsync(new SetQueuePausedRequest { Queue = "mail", Paused = true }, CancellationToken.None);
        Assert.Empty(await FetchAsync(store, "mail"));
        await store.Admin.SetQueuePausedAsync(new SetQueuePausedRequest { Queue = "mail", Paused = false }, CancellationToken.None);

        Assert.Single(await FetchAsync(store, "mail"));
    }

    [Fact]
    public async Task Fetch_SkipsScheduledJobs_UntilPromoted()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job(scheduledAt: time.GetUtcNow().AddMinutes(1)));

        Assert.Empty(await FetchAsync(store));
        time.Advance(TimeSpan.FromMinutes(1));
        await store.Store.PromoteDueAsync(new PromoteDueRequest { Limit = 10 }, CancellationToken.None);

        Assert.Single(await FetchAsync(store));
    }

    [Fact]
    public async Task Fetch_NeverReturnsAJobTwice_WithEightConcurrentFetchersOverTenThousandJobs()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        foreach (var chunk in Enumerable.Range(0, 10_000).Chunk(1000))
        {
            await InsertAsync(store, [.. chunk.Select(_ => Job())]);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (true)
            {
                var batch = await FetchAsync(store, limit: 37, owner: $"worker-{worker}");
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(j => j.Id));
            }
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(10_000, all.Count);
        Assert.Equal(10_000, all.Distinct().Count());
    }

    [Fact]
    public async Task Fetch_BreaksTiesById_WhenAJobReturnsAfterItsPeers()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var ids = await InsertAsync(store, Job(), Job(), Job());
        var first = Assert.Single(await FetchAsync(store, limit: 1));
        await CompleteAsync(store, Completion(first, CompletionKind.Interrupted, time.GetUtcNow()));

        var fetched = await FetchAsync(store, limit: 10);

        Assert.Equal(ids, fetched.Select(j => j.Id));
    }
}
