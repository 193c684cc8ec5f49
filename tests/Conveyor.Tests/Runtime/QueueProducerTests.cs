using Conveyor.Runtime;
using Conveyor.Storage;
using Conveyor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Runtime;

/// <summary>The queue producer on the in-memory store and a fake clock.</summary>
public sealed class QueueProducerTests
{
    private static readonly ConveyorOptions Options = new() { LeaseDuration = TimeSpan.FromSeconds(30), PollInterval = TimeSpan.FromMilliseconds(20) };

    [Theory]
    [InlineData(30_000, 2)]
    [InlineData(20_001, 2)]
    [InlineData(19_999, 1)]
    public async Task Fetch_HandsJobsBackUnrunAndUncharged_WhenLessThanARenewalPeriodOfTheLeaseIsLeft(int lateMs, int runsOnFetch)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var inner = new InMemoryJobStore(time);
        var store = new LateFetchStore(inner, time, TimeSpan.FromMilliseconds(lateMs));
        var id = (await inner.InsertAsync(new InsertJobsRequest { Jobs = [new NewJob { Kind = Ping.Kind, Queue = "default", Args = "{\"N\":1}"u8.ToArray(), MaxAttempts = 3 }] }, CancellationToken.None)).Jobs[0].Id;
        var probe = new Probe();
        var fetchesAtRun = 0;
        probe.Behaviour = (_, _) =>
        {
            fetchesAtRun = store.Fetches;
            return Task.CompletedTask;
        };
        using var producer = Producer(store, time, probe);
        using var stop = new CancellationTokenSource();

        var running = producer.RunAsync(stop.Token);
        await probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await StopAsync(running, stop);

        // A fetch answered with less than a renewal period (a third) of the 30 s lease left runs nothing (the job may
        // even have gone to another worker meanwhile) and gives the attempt back: the job runs on the next fetch, as
        // attempt 1 still. One answered with more left runs at once.
        Assert.Equal((id, 1), Assert.Single(probe.Runs));
        Assert.Equal(runsOnFetch, fetchesAtRun);
    }

    [Fact]
    public async Task FirstFetch_ClaimsOneJob_AndTheNextWaitsForItToFinish()
    {
        var (store, probe, time) = await FourJobsAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.Behaviour = async (_, _) =>
        {
            if (probe.Runs.Count > 1)
            {
                await release.Task;
            }
        };

        var limits = await RunUntilFourStartedAsync(store, time, probe, release);

        // A new process compiles its execution path on its first job; only that one job waits for it. Once it has
        // finished, every slot is free again.
        Assert.Equal([1, 4], limits.Take(2));
    }

    [Fact]
    public async Task FirstFetch_OfALongJob_HoldsTheOthersBackForASecondAtMost()
    {
        var (store, probe, time) = await FourJobsAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.Behaviour = (_, _) => release.Task;
        var started = System.Diagnostics.Stopwatch.StartNew();

        var limits = await RunUntilFourStartedAsync(store, time, probe, release);

        Assert.Equal([1, 3], limits.Take(2));
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    private static async Task<(LateFetchStore Store, Probe Probe, FakeTimeProvider Time)> FourJobsAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var inner = new InMemoryJobStore(time);
        var jobs = Enumerable.Range(1, 4).Select(n => new NewJob { Kind = Ping.Kind, Queue = "default", Args = System.Text.Encoding.UTF8.GetBytes($"{{\"N\":{n}}}"), MaxAttempts = 3 }).ToList();
        await inner.InsertAsync(new InsertJobsRequest { Jobs = jobs }, CancellationToken.None);
        return (new LateFetchStore(inner, time, TimeSpan.Zero), new Probe(), time);
    }

    /// <summary>Runs a four-slot producer until it has started four jobs, then releases them and stops; returns the fetch limits.</summary>
    private static async Task<int[]> RunUntilFourStartedAsync(LateFetchStore store, FakeTimeProvider time, Probe probe, TaskCompletionSource release)
    {
        using var producer = Producer(store, time, probe, workers: 4);
        using var stop = new CancellationTokenSource();
        var running = producer.RunAsync(stop.Token);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (probe.Runs.Count < 4)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"Only {probe.Runs.Count} of 4 jobs started in 10 s.");
            await Task.Delay(10);
        }

        release.SetResult();
        await StopAsync(running, stop);
        return [.. store.FetchLimits];
    }

    private static async Task StopAsync(Task running, CancellationTokenSource stop)
    {
        await stop.CancelAsync();
        try
        {
            await running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting for work, as meant.
        }
    }

    private static QueueProducer Producer(IJobStore store, FakeTimeProvider time, Probe probe, int workers = 1)
    {
        var services = new ServiceCollection().AddSingleton(probe).AddTransient<PingHandler>().BuildServiceProvider();
        var registry = new JobRegistry([JobRegistration.ForHandler<Ping, PingHandler>(new JobTypeOptions())]);
        var inFlight = new InFlightJobs();
        var executor = new JobExecutor(services, registry, store, time, NullLogger<JobExecutor>.Instance, "node-a", Options);
        var batcher = new CompletionBatcher(store, inFlight, recorder: null, time, NullLogger<CompletionBatcher>.Instance, 100);
        return new QueueProducer("default", workers, store, executor, batcher, recorder: null, inFlight, time, NullLogger<QueueProducer>.Instance, "node-a", Options);
    }
}
