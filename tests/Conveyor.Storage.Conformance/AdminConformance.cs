using System.Text;

namespace Conveyor.Storage.Conformance;

/// <summary>Admin: reads, counts, retry, cancel, delete, queues, nodes.</summary>
public abstract class AdminConformance : StoreConformanceBase
{
    [Fact]
    public async Task GetJob_ReturnsNull_WhenMissing()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        Assert.Null(await store.Admin.GetJobAsync(new GetJobRequest { JobId = 12345 }, CancellationToken.None));
    }

    [Fact]
    public async Task ListJobs_FiltersAndPagesNewestFirst()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var ids = await InsertAsync(store, Job("a", kind: "x"), Job("a", kind: "y"), Job("b", kind: "x"), Job("a", kind: "x"), Job("a", kind: "x"));

        var firstPage = (await store.Admin.ListJobsAsync(new ListJobsRequest { Queue = "a", Kind = "x", Limit = 2 }, CancellationToken.None)).Jobs;
        var secondPage = (await store.Admin.ListJobsAsync(new ListJobsRequest { Queue = "a", Kind = "x", Limit = 2, BeforeId = firstPage[^1].Id }, CancellationToken.None)).Jobs;
        var running = (await store.Admin.ListJobsAsync(new ListJobsRequest { State = JobState.Running }, CancellationToken.None)).Jobs;

        Assert.Equal([ids[4], ids[3]], firstPage.Select(j => j.Id));
        Assert.Equal([ids[0]], secondPage.Select(j => j.Id));
        Assert.Empty(running);
    }

    [Fact]
    public async Task ListJobs_FiltersByTagAndByTextInTheArgumentsOrTheErrors()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var ids = await InsertAsync(
            store,
            Job() with { Args = Encoding.UTF8.GetBytes("""{"orderId":4711,"email":"ada@example.com"}"""), Tags = ["vip", "eu"] },
            Job() with { Args = Encoding.UTF8.GetBytes("""{"orderId":815}"""), Tags = ["eu"] },
            Job("other") with { Args = Encoding.UTF8.GetBytes("""{"orderId":42}""") });
        var failing = (await FetchAsync(store, "other")).Single();
        await CompleteAsync(store, Completion(failing, CompletionKind.Discard, time.GetUtcNow(), error: Error(failing, time.GetUtcNow(), "gateway timeout 504")));

        async Task<long[]> ListAsync(ListJobsRequest request) =>
            [.. (await store.Admin.ListJobsAsync(request, CancellationToken.None)).Jobs.Select(j => j.Id)];

        Assert.Equal([ids[0]], await ListAsync(new ListJobsRequest { Tag = "vip" }));
        Assert.Equal([ids[1], ids[0]], await ListAsync(new ListJobsRequest { Tag = "eu" }));
        Assert.Empty(await ListAsync(new ListJobsRequest { Tag = "v" }));
        Assert.Equal([ids[0]], await ListAsync(new ListJobsRequest { Text = "ada@example.com" }));
        Assert.Equal([ids[0]], await ListAsync(new ListJobsRequest { Text = "4711" }));
        Assert.Empty(await ListAsync(new ListJobsRequest { Text = "ADA@EXAMPLE.COM" }));
        Assert.Equal([ids[2]], await ListAsync(new ListJobsRequest { Text = "gateway timeout" }));
        Assert.Equal([ids[2]], await ListAsync(new ListJobsRequest { Text = "504", State = JobState.Discarded }));
        Assert.Equal([ids[1]], await ListAsync(new ListJobsRequest { Text = "orderId", Tag = "eu", Limit = 1 }));
        Assert.Equal([ids[0]], await ListAsync(new ListJobsRequest { Text = "orderId", Tag = "eu", BeforeId = ids[1] }));
    }

    [Fact]
    public async Task ListJobs_ReadsOnlyJobsAboveTheLowerBound_WhenAfterIdIsSet()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var ids = await InsertAsync(store, Job("a"), Job("a"), Job("b"), Job("a"), Job("a"));

        async Task<long[]> ListAsync(ListJobsRequest request) =>
            [.. (await store.Admin.ListJobsAsync(request, CancellationToken.None)).Jobs.Select(j => j.Id)];

        // Ids grow with inserts on one node but not across a cluster's partitions: the bounds are on the ids themselves.
        long[] Between(long after, long before, params long[] among) => [.. among.Where(id => id > after && id < before).OrderDescending()];
        long[] queueA = [ids[0], ids[1], ids[3], ids[4]];
        var (low, high) = (queueA.Min(), queueA.Max());

        Assert.Equal(Between(ids[1], long.MaxValue, ids), await ListAsync(new ListJobsRequest { AfterId = ids[1] }));
        Assert.Equal(Between(low, high, queueA), await ListAsync(new ListJobsRequest { Queue = "a", AfterId = low, BeforeId = high }));
        Assert.Equal(2, Between(low, high, queueA).Length);
        Assert.Empty(await ListAsync(new ListJobsRequest { AfterId = ids.Max() }));
        Assert.Equal(Between(low, high, queueA)[..1], await ListAsync(new ListJobsRequest { Queue = "a", AfterId = low, BeforeId = high, Limit = 1 }));
    }

    [Fact]
    public async Task CountJobs_CountsPerQueueAndState()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job("a"), Job("a"), Job("a"), Job("b", scheduledAt: time.GetUtcNow().AddHours(1)));
        await FetchAsync(store, "a", limit: 1);

        var counts = (await store.Admin.CountJobsAsync(new CountJobsRequest(), CancellationToken.None)).Counts.OrderBy(c => c.Queue, StringComparer.Ordinal).ThenBy(c => c.State).ToList();

        Assert.Equal(
            [new QueueStateCount("a", JobState.Available, 2), new QueueStateCount("a", JobState.Running, 1), new QueueStateCount("b", JobState.Scheduled, 1)],
            counts);
    }

    [Fact]
    public async Task RetryJobs_MakesADiscardedJobAvailable_WithFreshAttemptsAndItsErrorsKept()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var ids = await InsertAsync(store, Job(), Job());
        var jobs = await FetchAsync(store);
        await CompleteAsync(store, Completion(jobs[0], CompletionKind.Discard, time.GetUtcNow(), error: Error(jobs[0], time.GetUtcNow())));

        var result = await store.Admin.RetryJobsAsync(new JobIdsRequest { JobIds = [ids[0], ids[1], 999] }, CancellationToken.None);

        Assert.Equal([ids[0]], result.Applied);
        var retried = await GetAsync(store, ids[0]);
        Assert.Equal((JobState.Available, 0), (retried.State, retried.Attempt));
        Assert.Null(retried.FinalizedAt);
        Assert.Single(retried.Errors);
        Assert.Equal(ids[0], Assert.Single(await FetchAsync(store)).Id);
    }

    [Fact]
    public async Task CancelJobs_CancelsWaitingJobsAtOnce_FlagsRunningOnes_AndLeavesFinishedOnes()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var ids = await InsertAsync(store, Job("run"), Job("wait"), Job("done"));
        var running = Assert.Single(await FetchAsync(store, "run"));
        var done = Assert.Single(await FetchAsync(store, "done"));
        await CompleteAsync(store, Completion(done, CompletionKind.Completed, time.GetUtcNow()));

        var result = await store.Admin.CancelJobsAsync(new JobIdsRequest { JobIds = ids }, CancellationToken.None);

        Assert.Equal([ids[0], ids[1]], result.Applied.Order());
        Assert.Equal((JobState.Cancelled, time.GetUtcNow()), ((await GetAsync(store, ids[1])).State, (await GetAsync(store, ids[1])).FinalizedAt));
        Assert.Equal(JobState.Completed, (await GetAsync(store, ids[2])).State);
        var stillRunning = await GetAsync(store, running.Id);
        Assert.Equal(JobState.Running, stillRunning.State);
        Assert.NotNull(stillRunning.CancelRequestedAt);
        var renewal = await store.Store.ExtendLeasesAsync(new ExtendLeasesRequest { Owner = Owner, Leases = [new LeaseRef(running.Id, running.Attempt)], LeaseDuration = Lease }, CancellationToken.None);
        Assert.Equal([running.Id], renewal.CancelRequested);
        Assert.Empty(renewal.Lost);
    }

    [Fact]
    public async Task RetryJobs_RefusesAJob_WhenAnotherUnfinishedJobHoldsItsUniqueKey()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var first = (await InsertAsync(store, Job(uniqueKey: "report")))[0];
        var job = Assert.Single(await FetchAsync(store));
        await CompleteAsync(store, Completion(job, CompletionKind.Completed, time.GetUtcNow()));
        var second = (await InsertAsync(store, Job(uniqueKey: "report")))[0];

        var result = await store.Admin.RetryJobsAsync(new JobIdsRequest { JobIds = [first] }, CancellationToken.None);

        Assert.Empty(result.Applied);
        Assert.Equal(JobState.Completed, (await GetAsync(store, first)).State);
        Assert.Equal(new InsertedJob(second, Duplicate: true), (await store.Store.InsertAsync(new InsertJobsRequest { Jobs = [Job(uniqueKey: "report")] }, CancellationToken.None)).Jobs[0]);
    }

    [Fact]
    public async Task DeleteJobs_DeletesAnyJobButARunningOne()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var ids = await InsertAsync(store, Job("run"), Job("wait"));
        await FetchAsync(store, "run");

        var result = await store.Admin.DeleteJobsAsync(new JobIdsRequest { JobIds = ids }, CancellationToken.None);

        Assert.Equal([ids[1]], result.Applied);
        Assert.Null(await store.Admin.GetJobAsync(new GetJobRequest { JobId = ids[1] }, CancellationToken.None));
    }

    [Fact]
    public async Task ListQueues_ShowsQueuesWithJobsAndPausedQueues()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await InsertAsync(store, Job("b"), Job("a"));
        await store.Admin.SetQueuePausedAsync(new SetQueuePausedRequest { Queue = "c", Paused = true }, CancellationToken.None);

        var queues = (await store.Admin.ListQueuesAsync(new ListQueuesRequest(), CancellationToken.None)).Queues;

        Assert.Equal([("a", false), ("b", false), ("c", true)], queues.Select(q => (q.Name, q.Paused)));
    }

    [Fact]
    public async Task ListQueues_GivesTheDueTimeOfTheJobEachQueueHandsOutNext_OrNullWhenNoneIsAvailable()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var low = (await InsertAsync(store, Job("q", priority: 5)))[0];
        time.Advance(TimeSpan.FromMinutes(1));
        var first = (await InsertAsync(store, Job("q", priority: 1)))[0];
        time.Advance(TimeSpan.FromMinutes(1));
        var second = (await InsertAsync(store, Job("q", priority: 1)))[0];
        await InsertAsync(store, Job("later", scheduledAt: time.GetUtcNow().AddHours(1)));

        var before = await QueuesAsync(store);
        var fetched = await FetchAsync(store, "q", limit: 1);
        var after = await QueuesAsync(store);
        await FetchAsync(store, "q", limit: 2);
        var drained = await QueuesAsync(store);

        Assert.Equal(first, fetched[0].Id);
        Assert.Equal((await GetAsync(store, first)).ScheduledAt, before["q"].NextDueAt);
        Assert.Equal((await GetAsync(store, second)).ScheduledAt, after["q"].NextDueAt);
        Assert.NotEqual((await GetAsync(store, low)).ScheduledAt, after["q"].NextDueAt);
        Assert.Null(before["later"].NextDueAt);
        Assert.Null(drained["q"].NextDueAt);
    }

    private static async Task<Dictionary<string, QueueInfo>> QueuesAsync(StoreUnderTest store) =>
        (await store.Admin.ListQueuesAsync(new ListQueuesRequest(), CancellationToken.None)).Queues.ToDictionary(q => q.Name, StringComparer.Ordinal);

    [Fact]
    public async Task ListNodes_ShowsNodesSeenSinceATime()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        NodeInfo Node(string id) => new() { Id = id, Host = "host", ProcessId = 42, Queues = "default=2", StartedAt = time.GetUtcNow(), Busy = 3, Version = "1.2.3" };
        await store.Store.RecordHeartbeatAsync(new NodeHeartbeatRequest { Node = Node("old") }, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        await store.Store.RecordHeartbeatAsync(new NodeHeartbeatRequest { Node = Node("new") }, CancellationToken.None);

        var nodes = (await store.Admin.ListNodesAsync(new ListNodesRequest { SeenSince = time.GetUtcNow().AddMinutes(-1) }, CancellationToken.None)).Nodes;

        var node = Assert.Single(nodes);
        Assert.Equal(("new", "host", 42, "default=2", time.GetUtcNow()), (node.Id, node.Host, node.ProcessId, node.Queues, node.LastSeenAt));
        Assert.Equal((3, "1.2.3"), (node.Busy, node.Version));
    }
}
