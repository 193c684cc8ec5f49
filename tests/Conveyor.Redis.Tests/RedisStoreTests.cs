using System.Collections.Concurrent;
using System.Text;
using Conveyor.Storage;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Conveyor.Redis.Tests;

/// <summary>
/// What the Redis store promises beyond the conformance suite: wake-ups, cancel notifications from every primary of a
/// cluster, its key layout, deleting a prefix, pruning one queue of many on a single server, the traceparent's limit.
/// </summary>
public sealed class RedisStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Insert_WakesListeners_WhenAQueueGetsItsFirstAvailableJob_ButNotForEachJobAfter()
    {
        await using var store = await OpenAsync(RedisTestServer.Configuration);
        var woken = new BlockingCollection<string?>();
        await using var subscription = await store.ListenAsync(woken.Add, None);

        await store.InsertAsync(Request(Job("mail")), None);
        await store.InsertAsync(Request(Job("mail")), None);
        await store.InsertAsync(Request(Job("sms")), None);

        Assert.True(woken.TryTake(out var first, TimeSpan.FromSeconds(5)));
        Assert.True(woken.TryTake(out var second, TimeSpan.FromSeconds(5)));
        Assert.Equal(["mail", "sms"], new[] { first, second }.Order());
        Assert.False(woken.TryTake(out _, TimeSpan.FromMilliseconds(300)));
        await store.MigrateAsync(0, None);
    }

    [Fact]
    public async Task CancelJobs_CallsCancelListeners_WhenItAsksARunningJobToStop_ButNotWhenItCancelsOnlyWaitingJobs()
    {
        await using var store = await OpenAsync(RedisTestServer.Configuration);
        var running = await StartAsync(store, "mail");
        var waiting = (await store.InsertAsync(Request(Job("mail")), None)).Jobs[0].Id;
        var asked = new BlockingCollection<bool>();
        await using var subscription = await store.ListenForCancelRequestsAsync(() => asked.Add(true), None);

        await store.CancelJobsAsync(new JobIdsRequest { JobIds = [waiting] }, None);
        Assert.False(asked.TryTake(out _, TimeSpan.FromMilliseconds(300)));
        await store.CancelJobsAsync(new JobIdsRequest { JobIds = [running, waiting] }, None);

        Assert.True(asked.TryTake(out _, TimeSpan.FromSeconds(5)));
        Assert.False(asked.TryTake(out _, TimeSpan.FromMilliseconds(300)));
        await store.MigrateAsync(0, None);
    }

    [Fact]
    public async Task OnACluster_CancelListeners_AreCalledForARunningJobOnEveryPrimary()
    {
        await using var store = await OpenAsync(RedisTestServer.ClusterConfiguration);
        await using var connection = await RedisTestServer.ConnectAsync(RedisTestServer.ClusterConfiguration);
        var queues = Enumerable.Range(0, 100).Select(i => "q" + i)
            .DistinctBy(q => connection.GetDatabase().IdentifyEndpoint((RedisKey)$"{store.Prefix}:{{{q}}}:ids")!.ToString())
            .ToList();
        Assert.Equal(connection.GetServers().Count(s => !s.IsReplica), queues.Count);
        var running = new List<long>();
        foreach (var queue in queues)
        {
            running.Add(await StartAsync(store, queue));
        }

        var asked = new BlockingCollection<bool>();
        await using var subscription = await store.ListenForCancelRequestsAsync(() => asked.Add(true), None);

        foreach (var (id, queue) in running.Zip(queues))
        {
            await store.CancelJobsAsync(new JobIdsRequest { JobIds = [id] }, None);
            Assert.True(asked.TryTake(out _, TimeSpan.FromSeconds(5)), $"no call for the running job of queue {queue}");
        }

        Assert.False(asked.TryTake(out _, TimeSpan.FromMilliseconds(300)));
        await store.MigrateAsync(0, None);
    }

    [Fact]
    public async Task MigrateToZero_DeletesEveryKeyOfItsPrefix_AndNoOtherPrefixsKeys()
    {
        await using var store = await OpenAsync(RedisTestServer.Configuration);
        await using var neighbour = await OpenAsync(RedisTestServer.Configuration);
        await store.InsertAsync(Request(Job("default"), Job("other")), None);
        var kept = (await neighbour.InsertAsync(Request(Job("default")), None)).Jobs[0].Id;

        await store.MigrateAsync(0, None);

        await using var connection = await RedisTestServer.ConnectAsync(RedisTestServer.Configuration);
        var server = connection.GetServers().Single();
        Assert.Empty(await Keys(server, "{" + store.Prefix + "}*"));
        Assert.NotNull(await neighbour.GetJobAsync(new GetJobRequest { JobId = kept }, None));
        await neighbour.MigrateAsync(0, None);
    }

    [Fact]
    public async Task OnACluster_EachQueueIsAPartitionOfItsOwn_NumberedInItsJobIds_AndSpreadOverThePrimaries()
    {
        await using var store = await OpenAsync(RedisTestServer.ClusterConfiguration);
        string[] queues = ["q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7"];
        var ids = (await store.InsertAsync(Request([.. queues.Select(Job)]), None)).Jobs.Select(j => j.Id).ToList();

        Assert.Equal(queues.Length, ids.Select(id => id % 65536).Distinct().Count());
        await using var connection = await RedisTestServer.ConnectAsync(RedisTestServer.ClusterConfiguration);
        var holders = new HashSet<string>();
        foreach (var queue in queues)
        {
            var key = (RedisKey)$"{store.Prefix}:{{{queue}}}:ids";
            Assert.True(await connection.GetDatabase().KeyExistsAsync(key));
            holders.Add(connection.GetServer(connection.GetDatabase().IdentifyEndpoint(key)!).EndPoint.ToString()!);
        }

        Assert.True(holders.Count > 1, $"all {queues.Length} queues landed on {string.Join(", ", holders)}");
        foreach (var (id, queue) in ids.Zip(queues))
        {
            Assert.Equal(queue, (await store.GetJobAsync(new GetJobRequest { JobId = id }, None))!.Queue);
        }

        await store.MigrateAsync(0, None);
    }

    [Fact]
    public async Task ListNodes_IsEmpty_WhenNoNodeHasReported()
    {
        await using var store = await OpenAsync(RedisTestServer.Configuration);

        var nodes = await store.ListNodesAsync(new ListNodesRequest { SeenSince = DateTimeOffset.UnixEpoch }, None);

        Assert.Empty(nodes.Nodes);
        await store.MigrateAsync(0, None);
    }

    [Fact]
    public async Task DeleteFinalized_OfOneQueue_OnASingleServer_PassesOverMoreJobsOfOtherQueuesThanOneScriptLooksAt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var store = await OpenAsync(RedisTestServer.Configuration, time);
        var kept = RedisJobStore.FinalizedScanChunk + 10;
        await CompleteAllAsync(store, time, [.. Enumerable.Repeat(Job("kept"), kept)]);
        time.Advance(TimeSpan.FromSeconds(1));
        await CompleteAllAsync(store, time, Job("pruned"), Job("pruned"));
        time.Advance(TimeSpan.FromSeconds(1));

        var result = await store.DeleteFinalizedAsync(
            new DeleteFinalizedRequest { State = JobState.Completed, FinalizedBefore = time.GetUtcNow(), Limit = 10, Queue = "pruned" }, None);

        Assert.Equal(2, result.Deleted);
        var counts = (await store.CountJobsAsync(new CountJobsRequest(), None)).Counts;
        Assert.Equal(new QueueStateCount("kept", JobState.Completed, kept), Assert.Single(counts));
        await store.MigrateAsync(0, None);
    }

    [Fact]
    public async Task Insert_ThrowsAndInsertsNothing_WhenATraceParentIsEmptyOrLongerThanTheLimit()
    {
        await using var store = await OpenAsync(RedisTestServer.Configuration);

        foreach (var traceParent in new[] { "", new string('0', StoreLimits.MaxTraceParentLength + 1) })
        {
            await Assert.ThrowsAsync<ArgumentException>(async () => await store.InsertAsync(Request(Job("mail"), Job("mail") with { TraceParent = traceParent }), None));
        }

        Assert.Empty((await store.ListJobsAsync(new ListJobsRequest { Limit = 10 }, None)).Jobs);
        await store.MigrateAsync(0, None);
    }

    /// <summary>Inserts the jobs (all of one queue), fetches them and completes them now.</summary>
    private static async Task CompleteAllAsync(RedisJobStore store, TimeProvider time, params NewJob[] jobs)
    {
        await store.InsertAsync(Request(jobs), None);
        var fetched = await store.FetchAsync(new FetchJobsRequest { Queue = jobs[0].Queue, Limit = jobs.Length, Owner = "worker-1", LeaseDuration = TimeSpan.FromMinutes(5) }, None);
        var completions = fetched.Jobs.Select(j => new JobCompletion { JobId = j.Id, Attempt = j.Attempt, LeaseOwner = j.LeaseOwner!, Kind = CompletionKind.Completed, DecidedAt = time.GetUtcNow() });
        await store.CompleteAsync(new CompleteJobsRequest { Completions = [.. completions] }, None);
    }

    /// <summary>Inserts one job in <paramref name="queue"/> and fetches it; returns its id.</summary>
    private static async Task<long> StartAsync(RedisJobStore store, string queue)
    {
        await store.InsertAsync(Request(Job(queue)), None);
        var fetched = await store.FetchAsync(new FetchJobsRequest { Queue = queue, Limit = 1, Owner = "worker-1", LeaseDuration = TimeSpan.FromMinutes(5) }, None);
        return Assert.Single(fetched.Jobs).Id;
    }

    private static async Task<RedisJobStore> OpenAsync(string configuration, TimeProvider? clock = null)
    {
        var store = new RedisJobStore(configuration, new RedisStoreOptions { Prefix = RedisTestServer.NewPrefix() }, clock: clock);
        await store.MigrateAsync(null, None);
        return store;
    }

    private static async Task<List<RedisKey>> Keys(IServer server, string pattern)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: pattern))
        {
            keys.Add(key);
        }

        return keys;
    }

    private static InsertJobsRequest Request(params NewJob[] jobs) => new() { Jobs = jobs };

    private static NewJob Job(string queue) => new() { Kind = "test", Queue = queue, Args = Encoding.UTF8.GetBytes("{}"), MaxAttempts = 3 };
}
