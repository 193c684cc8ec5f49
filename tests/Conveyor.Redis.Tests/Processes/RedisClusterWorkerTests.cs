using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Redis.Tests.Processes;

/// <summary>
/// Three worker processes on the shared test cluster (three primaries), working six queues: each queue's keys sit in
/// one hash slot (its name is their hash tag), the queues spread over the primaries, and every job runs exactly once.
/// </summary>
[Collection(nameof(RedisProcessCollection))]
public sealed class RedisClusterWorkerTests(ITestOutputHelper output)
{
    private const int JobsPerQueue = 2_000;
    private const int Workers = 3;
    private static readonly string[] Queues = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Workers_RunEveryJobOfEveryQueueExactlyOnce_WithTheQueuesSpreadOverThePrimaries_OnACluster()
    {
        await using var prefix = await JobPrefix.CreateAsync(RedisTestServer.ClusterConfiguration);
        using var fleet = RedisWorkerFleet.Create(Deadline);
        // Leases far longer than any scheduling hiccup: with no crash, no lease may expire.
        fleet.Start(Workers, prefix.Worker() with { Queues = string.Join(",", Queues), Workers = 4, LeaseDuration = TimeSpan.FromSeconds(15) });
        await fleet.WaitUntilStartedAsync(prefix.Store);

        var ids = new HashSet<long>();
        foreach (var queue in Queues)
        {
            ids.UnionWith(await prefix.InsertAsync(JobsPerQueue, queue));
        }

        await fleet.WaitUntilAsync("every job is finished", prefix.AllFinishedAsync);
        await fleet.StopAllAsync();

        var primaries = await PrimaryOfEachQueueAsync(prefix);
        output.WriteLine("primary of each queue: " + string.Join(", ", primaries.Select(p => $"{p.Key}={p.Value}")));
        Assert.True(primaries.Values.Distinct().Count() > 1, "Every queue landed on one primary: the cluster spreads nothing.");

        var runs = fleet.Executions();
        var jobs = await prefix.AllJobsAsync();
        output.WriteLine(fleet.ExecutionsPerWorker());
        ExecutionAssert.CompletedWithRepeatsOnlyFromKilledWorkers(ids, jobs, runs, killedPids: new HashSet<int>());
        Assert.All(Queues, queue => Assert.Equal(JobsPerQueue, jobs.Values.Count(j => j.Queue == queue)));
        Assert.All(fleet.Workers, w => Assert.NotEmpty(w.Executions()));
    }

    /// <summary>
    /// The one primary holding each queue's keys, after checking that no other holds any and that the queue's id
    /// counter (<c>prefix:{queue}:ids</c>) hashes to the queue name's own slot.
    /// </summary>
    private static async Task<Dictionary<string, string>> PrimaryOfEachQueueAsync(JobPrefix prefix)
    {
        var primaries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var queue in Queues)
        {
            var holders = await prefix.PartitionKeysPerPrimaryAsync(queue);
            var (primary, keys) = Assert.Single(holders);
            Assert.True(keys > JobsPerQueue, $"Queue {queue} has {keys} keys on {primary}, fewer than its jobs.");
            Assert.Equal(await prefix.KeySlotAsync(queue), await prefix.KeySlotAsync((await prefix.IdsKeyAsync(queue)).ToString()));
            primaries[queue] = primary;
        }

        return primaries;
    }
}
