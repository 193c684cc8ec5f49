using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis.Tests;

/// <summary>
/// What the Redis store's statistics promise beyond the conformance suite: retention leaves no key of a deleted minute
/// behind, a cluster keeps each queue's minutes in its own slot and lists and prunes them across the primaries, and a
/// malformed minute is refused before anything is written.
/// </summary>
public sealed class RedisStatsStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Minute = new(2026, 1, 1, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task DeleteStats_LeavesNoKeyOfTheDeletedMinutes()
    {
        await using var store = await OpenAsync(RedisTestServer.Configuration);
        await RecordAsync(store, Make("mail", Minute), Make("sms", Minute), Make("mail", Minute.AddMinutes(1)));

        var deleted = await store.DeleteStatsAsync(new DeleteStatsRequest { Before = Minute.AddMinutes(2), Limit = 10 }, None);

        Assert.Equal(3, deleted.Deleted);
        await using var connection = await RedisTestServer.ConnectAsync(RedisTestServer.Configuration);
        var stats = "{" + store.Prefix + "}:stats";
        RedisKey[] keys = [stats, $"{stats}:{Micros.Of(Minute)}:mail", $"{stats}:{Micros.Of(Minute)}:sms", $"{stats}:{Micros.Of(Minute.AddMinutes(1))}:mail"];
        Assert.Equal(0, await connection.GetDatabase().KeyExistsAsync(keys));
        await store.MigrateAsync(0, None);
    }

    [Fact]
    public async Task OnACluster_EachQueuesMinutesLiveInItsSlot_AndAreListedAndDeletedAcrossThePrimaries()
    {
        await using var store = await OpenAsync(RedisTestServer.ClusterConfiguration);
        string[] queues = ["q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7"];
        await RecordAsync(store, [.. queues.Select(q => Make(q, Minute))]);

        var listed = (await store.ListStatsAsync(new ListStatsRequest { Since = Minute }, None)).Minutes;
        await using var connection = await RedisTestServer.ConnectAsync(RedisTestServer.ClusterConfiguration);
        foreach (var queue in queues)
        {
            Assert.True(await connection.GetDatabase().KeyExistsAsync($"{store.Prefix}:{{{queue}}}:stats"), $"no stats index in the slot of {queue}");
        }

        var deleted = await store.DeleteStatsAsync(new DeleteStatsRequest { Before = Minute.AddMinutes(1), Limit = 100 }, None);

        Assert.Equal(queues, listed.Select(m => m.Queue));
        Assert.Equal(queues.Length, deleted.Deleted);
        Assert.Empty((await store.ListStatsAsync(new ListStatsRequest { Since = Minute }, None)).Minutes);
        await store.MigrateAsync(0, None);
    }

    [Fact]
    public async Task RecordStats_ThrowsAndWritesNothing_WhenAMinuteIsNotAWholeUtcMinute()
    {
        await using var store = await OpenAsync(RedisTestServer.Configuration);

        await Assert.ThrowsAsync<ArgumentException>(async () => await RecordAsync(store, Make("mail", Minute), Make("mail", Minute.AddSeconds(30))));

        Assert.Empty((await store.ListStatsAsync(new ListStatsRequest { Since = DateTimeOffset.UnixEpoch }, None)).Minutes);
        await store.MigrateAsync(0, None);
    }

    private static QueueMinute Make(string queue, DateTimeOffset minute) =>
        new() { Queue = queue, Minute = minute, Processed = 1, Durations = new long[DurationBuckets.Count] };

    private static Task RecordAsync(RedisJobStore store, params QueueMinute[] minutes) =>
        store.RecordStatsAsync(new RecordStatsRequest { Minutes = minutes }, None).AsTask();

    private static async Task<RedisJobStore> OpenAsync(string configuration)
    {
        var store = new RedisJobStore(configuration, new RedisStoreOptions { Prefix = RedisTestServer.NewPrefix() });
        await store.MigrateAsync(null, None);
        return store;
    }
}
