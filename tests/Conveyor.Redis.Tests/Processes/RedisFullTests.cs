using Conveyor.Storage;
using Conveyor.Testing.Processes;
using Conveyor.Testing.Processes.Servers;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Conveyor.Redis.Tests.Processes;

/// <summary>
/// A Redis full to its maxmemory (noeviction): an enqueue fails with the server's OOM error and writes nothing, every
/// acknowledged job is kept, and workers drain the full server (fetch and complete may use memory past the limit, so
/// a full server can always be emptied), whether they were running before it filled or start on it full.
/// </summary>
[Collection(nameof(RedisProcessCollection))]
public sealed class RedisFullTests(ITestOutputHelper output)
{
    /// <summary>A hang guard: 2 MB holds about a thousand jobs.</summary>
    private const int MaxEnqueues = 100_000;
    private const int FailedBatch = 100;
    private const int Workers = 2;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Enqueue_ThrowsOomAndWritesNothing_AndEveryAcknowledgedJobIsKept_WhenRedisIsFull()
    {
        await using var server = await StartFullableServerAsync();
        await using var prefix = await JobPrefix.CreateAsync(server.Configuration);
        await using var services = ClientServices(server, prefix);
        var client = services.GetRequiredService<IJobClient>();

        var acknowledged = await EnqueueUntilRefusedAsync(client);

        // A refused batch is refused whole, before its script runs: no job, no key, no id of it is written.
        var before = await StateAsync(prefix);
        var refused = await Assert.ThrowsAsync<RedisServerException>(async () => await client.EnqueueManyAsync(Enumerable.Repeat(new LedgerJob(), FailedBatch)));
        Assert.StartsWith("OOM", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(prefix));

        // Every enqueue that returned an id is stored, available.
        Assert.Equal(acknowledged.Count, before.Jobs);
        foreach (var id in acknowledged)
        {
            var job = await prefix.Store.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None);
            Assert.Equal((id, JobState.Available), (job?.Id, job?.State));
        }
    }

    /// <summary>Workers already running when the server fills (their queue paused meanwhile) drain it.</summary>
    [Fact]
    public async Task Workers_RunEveryJobOnce_WhenRedisFilledWhileTheyRan()
    {
        await using var server = await StartFullableServerAsync();
        await using var prefix = await JobPrefix.CreateAsync(server.Configuration);
        await using var services = ClientServices(server, prefix);
        using var fleet = RedisWorkerFleet.Create(Deadline);
        await PauseAsync(prefix, paused: true);
        await StartWorkersAsync(fleet, prefix);

        var acknowledged = await EnqueueUntilRefusedAsync(services.GetRequiredService<IJobClient>());

        await DrainAsync(fleet, prefix, acknowledged);
    }

    /// <summary>
    /// Workers started on a full server drain it: a host's start (which migrates and checks the server) must not
    /// need memory either. The queue stays paused until both have started, so neither drains it all before the other is up.
    /// </summary>
    [Fact]
    public async Task Workers_StartAndRunEveryJobOnce_WhenRedisIsFull()
    {
        await using var server = await StartFullableServerAsync();
        await using var prefix = await JobPrefix.CreateAsync(server.Configuration);
        await using var services = ClientServices(server, prefix);
        await PauseAsync(prefix, paused: true);
        var acknowledged = await EnqueueUntilRefusedAsync(services.GetRequiredService<IJobClient>());

        using var fleet = RedisWorkerFleet.Create(Deadline);
        await StartWorkersAsync(fleet, prefix);

        await DrainAsync(fleet, prefix, acknowledged);
    }

    private static Task<PrivateRedisServer> StartFullableServerAsync() => PrivateRedisServer.StartAsync("--maxmemory", "2mb", "--maxmemory-policy", "noeviction");

    /// <summary>A job client on the prefix, as an application enqueues (no host runs).</summary>
    private static ServiceProvider ClientServices(PrivateRedisServer server, JobPrefix prefix) =>
        new ServiceCollection().AddConveyor(c => c.UseRedis(server.Configuration, o => o.Prefix = prefix.Name)).BuildServiceProvider();

    private static async Task PauseAsync(JobPrefix prefix, bool paused) =>
        await prefix.Store.SetQueuePausedAsync(new SetQueuePausedRequest { Queue = QueueNames.Default, Paused = paused }, CancellationToken.None);

    /// <summary>Enqueues one job at a time until the server refuses one with its OOM error; returns the ids acknowledged before.</summary>
    private async Task<List<long>> EnqueueUntilRefusedAsync(IJobClient client)
    {
        var acknowledged = new List<long>();
        while (acknowledged.Count < MaxEnqueues)
        {
            try
            {
                acknowledged.Add(await client.EnqueueAsync(new LedgerJob()));
            }
            catch (RedisServerException refused)
            {
                Assert.StartsWith("OOM", refused.Message, StringComparison.Ordinal);
                output.WriteLine($"enqueued {acknowledged.Count} jobs before the server refused one: {refused.Message}");
                return acknowledged;
            }
        }

        throw new InvalidOperationException($"The server took {MaxEnqueues} jobs without refusing one: is its maxmemory set?");
    }

    /// <summary>Starts the workers on the paused default queue, and waits until every one has started and reported in.</summary>
    private static async Task StartWorkersAsync(WorkerFleet fleet, JobPrefix prefix)
    {
        fleet.Start(Workers, prefix.Worker());
        await fleet.WaitUntilStartedAsync(prefix.Store);
    }

    /// <summary>
    /// Resumes the default queue (removing a queue from the paused set takes no memory), waits until the fleet
    /// finished every job, stops it, and checks each acknowledged job ran exactly once.
    /// </summary>
    private async Task DrainAsync(WorkerFleet fleet, JobPrefix prefix, List<long> acknowledged)
    {
        await PauseAsync(prefix, paused: false);
        await fleet.WaitUntilAsync("every job is finished", prefix.AllFinishedAsync);
        await fleet.StopAllAsync();
        output.WriteLine(fleet.ExecutionsPerWorker());
        ExecutionAssert.CompletedWithRepeatsOnlyFromKilledWorkers(acknowledged.ToHashSet(), await prefix.AllJobsAsync(), fleet.Executions(), killedPids: new HashSet<int>());
    }

    /// <summary>What a refused batch must leave as it was: the prefix's jobs, the server's keys, the id counter.</summary>
    private static async Task<(long Jobs, long Keys, long? Ids)> StateAsync(JobPrefix prefix) =>
        (await prefix.CountAsync(), await prefix.ServerKeyCountAsync(), await prefix.ReadCounterAsync(await prefix.IdsKeyAsync()));
}
