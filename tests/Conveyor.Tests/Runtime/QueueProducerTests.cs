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
        await stop.CancelAsync();
        try
        {
            await running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting for work, as meant.
        }

        // A fetch answered with less than a renewal period (a third) of the 30 s lease left runs nothing (the job may
        // even have gone to another worker meanwhile) and gives the attempt back: the job runs on the next fetch, as
        // attempt 1 still. One answered with more left runs at once.
        Assert.Equal((id, 1), Assert.Single(probe.Runs));
        Assert.Equal(runsOnFetch, fetchesAtRun);
    }

    private static QueueProducer Producer(IJobStore store, FakeTimeProvider time, Probe probe)
    {
        var services = new ServiceCollection().AddSingleton(probe).AddTransient<PingHandler>().BuildServiceProvider();
        var registry = new JobRegistry([JobRegistration.ForHandler<Ping, PingHandler>(new JobTypeOptions())]);
        var inFlight = new InFlightJobs();
        var executor = new JobExecutor(services, registry, store, time, NullLogger<JobExecutor>.Instance, "node-a", Options);
        var batcher = new CompletionBatcher(store, inFlight, time, NullLogger<CompletionBatcher>.Instance, 100);
        return new QueueProducer("default", 1, store, executor, batcher, inFlight, time, NullLogger<QueueProducer>.Instance, "node-a", Options);
    }
}
