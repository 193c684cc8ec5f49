using Conveyor.Runtime;
using Conveyor.Storage;
using Conveyor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Runtime;

/// <summary>
/// The executor, on the in-memory store and a fake clock, with a rate limit of one run an hour: a run that cannot start
/// its handler in time hands its take back (and takes again at once), so the one run of the hour is never lost.
/// </summary>
public sealed class RateLimitExecutorTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task ExecuteAsync_HandsEveryTakeBackAndSnoozesUnrun_WhenTheHandlerCannotStartInTime()
    {
        var (store, inner, time, probe) = Start(_ => RateLimitAdmission.StartWithin + TimeSpan.FromMilliseconds(1));
        var job = await InsertAndFetchAsync(inner);

        var result = await Executor(store, time, probe, new JobTypeOptions().LimitRate(1, Hour)).ExecuteAsync(new InFlightJob(job, time.GetTimestamp(), long.MaxValue));
        var again = await inner.TryTakeAsync(Request(), CancellationToken.None);

        Assert.Equal(CompletionKind.Snooze, result.Completion.Kind);
        Assert.Empty(probe.Runs);
        Assert.Equal((3, 3), (store.Takes, store.Releases));
        Assert.True(again.Allowed, "A given-up run's take is still counted: the hour's one run is lost.");
    }

    [Fact]
    public async Task ExecuteAsync_TakesAgainAndStartsTheHandler_WhenOnlyTheFirstTakeWasLate()
    {
        var (store, inner, time, probe) = Start(n => n == 1 ? RateLimitAdmission.StartWithin + TimeSpan.FromMilliseconds(1) : TimeSpan.Zero);
        var job = await InsertAndFetchAsync(inner);

        var result = await Executor(store, time, probe, new JobTypeOptions().LimitRate(1, Hour)).ExecuteAsync(new InFlightJob(job, time.GetTimestamp(), long.MaxValue));
        var again = await inner.TryTakeAsync(Request(), CancellationToken.None);

        Assert.Equal(CompletionKind.Completed, result.Completion.Kind);
        Assert.Single(probe.Runs);
        Assert.Equal((2, 1), (store.Takes, store.Releases));
        Assert.False(again.Allowed, "The run that started holds the hour's one run.");
    }

    [Fact]
    public async Task ExecuteAsync_KeepsTheTakeCounted_WhenTheHandlerStarted()
    {
        var (store, inner, time, probe) = Start(_ => TimeSpan.Zero);
        var job = await InsertAndFetchAsync(inner);

        var result = await Executor(store, time, probe, new JobTypeOptions().LimitRate(1, Hour)).ExecuteAsync(new InFlightJob(job, time.GetTimestamp(), long.MaxValue));
        var again = await inner.TryTakeAsync(Request(), CancellationToken.None);

        Assert.Equal(CompletionKind.Completed, result.Completion.Kind);
        Assert.Single(probe.Runs);
        Assert.Equal(0, store.Releases);
        Assert.False(again.Allowed);
    }

    [Fact]
    public async Task ExecuteAsync_HandsTheTakeBack_WhenTheHandlersTransactionCannotBegin()
    {
        var (store, inner, time, probe) = Start(_ => TimeSpan.Zero);
        var job = await InsertAndFetchAsync(inner);
        var options = new JobTypeOptions { CompleteInTransaction = true }.LimitRate(1, Hour);

        var result = await Executor(store, time, probe, options).ExecuteAsync(new InFlightJob(job, time.GetTimestamp(), long.MaxValue));
        var again = await inner.TryTakeAsync(Request(), CancellationToken.None);

        Assert.Equal("The database is unreachable.", result.Completion.Error!.Message);
        Assert.Empty(probe.Runs);
        Assert.True(again.Allowed, "The take of a run whose handler never started is still counted.");
    }

    private static (LateTakeStore Store, InMemoryJobStore Inner, FakeTimeProvider Time, Probe Probe) Start(Func<int, TimeSpan> lateBy)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var inner = new InMemoryJobStore(time);
        return (new LateTakeStore(inner, time, lateBy), inner, time, new Probe());
    }

    /// <summary>The take the executor asks for: the job type's one key, counted in the period plus the start allowance.</summary>
    private static RateLimitRequest Request() =>
        new() { Key = Ping.Kind, Limit = 1, Period = RateLimitAdmission.CountedWindow(Hour) };

    private static async Task<JobRecord> InsertAndFetchAsync(InMemoryJobStore store)
    {
        await store.InsertAsync(new InsertJobsRequest { Jobs = [new NewJob { Kind = Ping.Kind, Queue = "default", Args = "{\"n\":1}"u8.ToArray(), MaxAttempts = 5 }] }, CancellationToken.None);
        var fetched = await store.FetchAsync(new FetchJobsRequest { Queue = "default", Limit = 1, Owner = "node-a", LeaseDuration = TimeSpan.FromSeconds(30) }, CancellationToken.None);
        return Assert.Single(fetched.Jobs);
    }

    private static JobExecutor Executor(IJobStore store, FakeTimeProvider time, Probe probe, JobTypeOptions options)
    {
        var services = new ServiceCollection().AddSingleton(probe).AddTransient<PingHandler>().BuildServiceProvider();
        var registry = new JobRegistry([JobRegistration.ForHandler<Ping, PingHandler>(options)]);
        return new JobExecutor(services, registry, store, time, NullLogger<JobExecutor>.Instance, "node-a", new ConveyorOptions());
    }
}
