using System.Collections.Concurrent;
using System.Text;
using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis.Tests;

/// <summary>
/// How the Redis store keeps lines beyond the conformance suite: a held-back job is parked once (out of the ready
/// set, still available), and the completion that frees its line puts it back and wakes its queue.
/// </summary>
public sealed class RedisLineTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Fetch_ParksAHeldBackJobOnce_AndTheCompletionBeforeItPutsItBackAndWakesItsQueue()
    {
        var store = new RedisJobStore(RedisTestServer.Configuration, new RedisStoreOptions { Prefix = RedisTestServer.NewPrefix() });
        await using var _ = store;
        await store.MigrateAsync(null, None);
        await using var connection = await RedisTestServer.ConnectAsync(RedisTestServer.Configuration);
        var redis = connection.GetDatabase();
        var ready = (RedisKey)$"{{{store.Prefix}}}:ready:default";
        var line = (RedisKey)$"{{{store.Prefix}}}:line:default:4:test:a";
        await store.InsertAsync(new InsertJobsRequest { Jobs = [Ordered("a"), Ordered("a"), Ordered(null)] }, None);

        var first = await FetchAsync(store);
        Assert.Equal(2, first.Count);
        var held = (await store.ListJobsAsync(new ListJobsRequest { State = JobState.Available }, None)).Jobs.Single();
        Assert.Equal(0, await redis.SortedSetLengthAsync(ready));
        Assert.Empty(await FetchAsync(store));
        Assert.Contains(new QueueStateCount("default", JobState.Available, 1), (await store.CountJobsAsync(new CountJobsRequest(), None)).Counts);

        var woken = new BlockingCollection<string?>();
        await using (await store.ListenAsync(woken.Add, None))
        {
            var head = first.Single(j => j.OrderingKey == "a");
            await CompleteAsync(store, head);
            Assert.True(woken.TryTake(out var queue, TimeSpan.FromSeconds(5)));
            Assert.Equal("default", queue);
        }

        Assert.Equal(1, await redis.SortedSetLengthAsync(ready));
        var next = Assert.Single(await FetchAsync(store));
        Assert.Equal(held.Id, next.Id);
        await CompleteAsync(store, next);
        Assert.False(await redis.KeyExistsAsync(line));
        await store.MigrateAsync(0, None);
    }

    private static async Task<IReadOnlyList<JobRecord>> FetchAsync(RedisJobStore store) =>
        (await store.FetchAsync(new FetchJobsRequest { Queue = "default", Limit = 10, Owner = "worker-1", LeaseDuration = TimeSpan.FromMinutes(5) }, None)).Jobs;

    private static async Task CompleteAsync(RedisJobStore store, JobRecord job) =>
        await store.CompleteAsync(new CompleteJobsRequest
        {
            Completions = [new JobCompletion { JobId = job.Id, Attempt = job.Attempt, LeaseOwner = job.LeaseOwner!, Kind = CompletionKind.Completed, DecidedAt = DateTimeOffset.UnixEpoch }],
        }, None);

    private static NewJob Ordered(string? key) =>
        new() { Kind = "test", Queue = "default", Args = Encoding.UTF8.GetBytes("{}"), MaxAttempts = 3, OrderingKey = key };
}
