using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conveyor.Storage.Conformance;

/// <summary>The client and the job host end to end on the store, with real time.</summary>
public abstract class HostConformance : StoreConformanceBase
{
    [Fact]
    public async Task Host_RunsAnEnqueuedJobToCompletion()
    {
        await using var host = await StartHostAsync(c => c.AddHandler<WorkHandler>().Queue("default", 2));

        var id = await host.Client.EnqueueAsync(new Work("ok"));

        var job = await host.WaitForAsync(id, JobState.Completed);
        Assert.Equal(1, job.Attempt);
        Assert.Contains(id, host.Runs);
    }

    [Fact]
    public async Task Host_RetriesThenDeadLetters_AFailingJob()
    {
        await using var host = await StartHostAsync(c => c
            .AddHandler<WorkHandler>(o => o.Retry = o.Retry with { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1) })
            .Queue("default", 1));

        var id = await host.Client.EnqueueAsync(new Work("fail"));

        var job = await host.WaitForAsync(id, JobState.Discarded);
        Assert.Equal(3, job.Attempt);
        Assert.Equal(3, job.Errors.Count);
        Assert.All(job.Errors, e => Assert.Equal("always fails", e.Message));
    }

    [Fact]
    public async Task Host_DeadLettersAtOnce_OnPermanentJobException()
    {
        await using var host = await StartHostAsync(c => c.AddHandler<WorkHandler>().Queue("default", 1));

        var id = await host.Client.EnqueueAsync(new Work("permanent"));

        var job = await host.WaitForAsync(id, JobState.Discarded);
        Assert.Equal((1, "declined"), (job.Attempt, Assert.Single(job.Errors).Message));
    }

    [Fact]
    public async Task Host_RunsEverySubscriber_OfAPublishedEvent()
    {
        await using var host = await StartHostAsync(c => c
            .Subscribe<Happened, WorkSubscriber>("first")
            .Subscribe<Happened, WorkSubscriber>("second", o => o.Queue = "other")
            .Queue("default", 1)
            .Queue("other", 1));

        var ids = await host.Client.PublishAsync(new Happened(3));

        Assert.Equal(2, ids.Count);
        foreach (var id in ids)
        {
            await host.WaitForAsync(id, JobState.Completed);
        }
    }

    [Fact]
    public async Task Host_DeadLettersWithAReason_AJobWithMalformedArguments()
    {
        await using var host = await StartHostAsync(c => c.AddHandler<WorkHandler>().Queue("default", 1));

        // The client refuses malformed JSON, so write the bad payload straight through the store, as a foreign producer might.
        var id = await InsertRawAsync(host, "conformance_work", "[1, 2", maxAttempts: 3);

        var job = await host.WaitForAsync(id, JobState.Discarded);
        Assert.Contains("Malformed arguments", Assert.Single(job.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_KeepsAJobOfAnUnknownKindWaiting_WithoutRunningItOrChargingAnAttempt()
    {
        await using var host = await StartHostAsync(c => c.AddHandler<WorkHandler>().Queue("default", 1)
            .Configure(o => o.UnknownKindRecheck = TimeSpan.FromMilliseconds(50)));
        var id = await InsertRawAsync(host, "nobody_handles_this", "{}", maxAttempts: 1);

        // Each fetch stamps a new attempt time; seeing several proves the worker took the job up and put it back again.
        var fetches = new HashSet<DateTimeOffset>();
        for (var waited = 0; fetches.Count < 4; waited += 10)
        {
            Assert.True(waited < 10_000, $"Job {id} was fetched {fetches.Count} times in 10 s.");
            var job = (await host.Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None))!;
            Assert.False(job.State.IsFinal(), $"Job {id} ended {job.State}: {string.Join("; ", job.Errors.Select(e => e.Message))}");
            Assert.Equal(job.State == JobState.Running ? 1 : 0, job.Attempt);
            if (job.AttemptedAt is { } fetchedAt)
            {
                fetches.Add(fetchedAt);
            }

            await Task.Delay(10);
        }

        Assert.Empty(host.Runs);
    }

    [Fact]
    public async Task Host_DeadLettersAJobOfAnUnknownKind_AsUnknownKind_OncePastItsGrace()
    {
        var grace = TimeSpan.FromMilliseconds(300);
        await using var host = await StartHostAsync(c => c.AddHandler<WorkHandler>().Queue("default", 1).Configure(o =>
        {
            o.UnknownKindGrace = grace;
            o.UnknownKindRecheck = TimeSpan.FromMilliseconds(50);
        }));
        var id = await InsertRawAsync(host, "nobody_handles_this", "{}", maxAttempts: 1);

        var job = await host.WaitForAsync(id, JobState.Discarded);

        var error = Assert.Single(job.Errors);
        Assert.Equal(("unknown_kind", 1), (error.ExceptionType, job.Attempt));
        Assert.Contains("Unknown job kind 'nobody_handles_this'", error.Message, StringComparison.Ordinal);
        Assert.True(job.FinalizedAt >= job.CreatedAt + grace, $"Discarded at {job.FinalizedAt:O}, before the grace from {job.CreatedAt:O} ended.");
        Assert.Empty(host.Runs);
    }

    [Fact]
    public async Task Host_ReleasesARunningJobWithoutChargingAnAttempt_OnShutdown()
    {
        await using var host = await StartHostAsync(c => c.AddHandler<WorkHandler>().Queue("default", 1));
        var id = await host.Client.EnqueueAsync(new Work("hang"));
        await host.WaitForAsync(id, JobState.Running);

        await host.StopAsync();

        var job = await host.Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None);
        Assert.Equal((JobState.Available, 0), (job!.State, job.Attempt));
    }

    [Fact]
    public async Task Host_StopsARunningJobOnACancelRequest_WithoutWaitingForTheNextLeaseRenewal()
    {
        // Renewals every 20 s: a cancel seen within a few seconds came by the store's notification, not a renewal.
        await using var host = await StartHostAsync(c => c.AddHandler<WorkHandler>().Queue("default", 1).Configure(o => o.LeaseDuration = TimeSpan.FromMinutes(1)));
        var id = await host.Client.EnqueueAsync(new Work("hang"));
        await host.WaitForAsync(id, JobState.Running);
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        var asked = Stopwatch.StartNew();

        var applied = await host.Admin.CancelJobsAsync(new JobIdsRequest { JobIds = [id] }, CancellationToken.None);

        var job = await host.WaitForAsync(id, JobState.Cancelled);
        Assert.Equal([id], applied.Applied);
        Assert.True(asked.Elapsed < TimeSpan.FromSeconds(5), $"The cancel took {asked.Elapsed.TotalSeconds:F1} s to stop the job: it waited for a lease renewal.");
        Assert.Equal("cancelled", job.Errors[^1].ExceptionType);
    }

    [Fact]
    public async Task Host_FailsTheAttempt_WhenAHandlerIgnoresCancellationPastItsHardTimeLimit()
    {
        await using var host = await StartHostAsync(c => c
            .AddHandler<WorkHandler>(o =>
            {
                o.SoftTimeLimit = TimeSpan.FromMilliseconds(100);
                o.HardTimeLimit = TimeSpan.FromMilliseconds(300);
                o.MaxAttempts(1);
            })
            .Queue("default", 1));
        var started = Stopwatch.StartNew();

        var id = await host.Client.EnqueueAsync(new Work("stubborn"));

        var job = await host.WaitForAsync(id, JobState.Discarded);
        Assert.True(started.Elapsed < WorkHandler.StubbornFor, $"The attempt ended after {started.Elapsed}, not at its hard limit.");
        var error = Assert.Single(job.Errors);
        Assert.Contains("Hard time limit", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, job.Attempt);
    }

    [Fact]
    public async Task Host_RunsALineInOrder_StartingEachJobWhenTheOneBeforeFinishes_WithoutWaitingForAPoll()
    {
        // Polls every 30 s: five jobs of one line done within seconds were each woken by the store's notification.
        await using var host = await StartHostAsync(c => c
            .AddHandler<WorkHandler>(o => o.RunInOrder<Work>(_ => "one-line"))
            .Queue("default", 4)
            .Configure(o => o.PollInterval = TimeSpan.FromSeconds(30)));
        var started = Stopwatch.StartNew();

        var ids = await host.Client.EnqueueManyAsync(Enumerable.Range(0, 5).Select(_ => new Work("ok")));

        var jobs = new List<JobRecord>();
        foreach (var id in ids)
        {
            jobs.Add(await host.WaitForAsync(id, JobState.Completed));
        }

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"Five jobs of one line took {started.Elapsed.TotalSeconds:F1} s: a job waited for a poll.");
        Assert.Equal(ids, jobs.OrderBy(j => j.AttemptedAt).Select(j => j.Id));
        Assert.All(jobs.Zip(jobs.Skip(1)), pair => Assert.True(pair.Second.AttemptedAt >= pair.First.FinalizedAt, "A job of the line started before the one before it finished."));
    }

    /// <summary>Writes a job straight through the store, as a foreign producer might.</summary>
    protected static async Task<long> InsertRawAsync(RunningHost host, string kind, string json, int maxAttempts) =>
        (await host.Store.InsertAsync(new InsertJobsRequest { Jobs = [new NewJob { Kind = kind, Queue = "default", Args = Encoding.UTF8.GetBytes(json), MaxAttempts = maxAttempts }] }, CancellationToken.None)).Jobs[0].Id;

    /// <summary>Starts a host on a fresh store registered by <see cref="StoreUnderTest.Register"/>.</summary>
    protected async Task<RunningHost> StartHostAsync(Action<ConveyorBuilder> configure)
    {
        var (store, _) = await StartAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var runs = new ConcurrentBag<long>();
        builder.Services.AddSingleton(runs);
        builder.Services.AddConveyor(c =>
        {
            store.Register(c);
            c.Configure(o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(50);
                o.PromoteInterval = TimeSpan.FromMilliseconds(20);
                o.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
            });
            configure(c);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new RunningHost(host, store, runs);
    }

    /// <summary>A started host, its store and what its handlers ran.</summary>
    protected sealed class RunningHost(IHost host, StoreUnderTest created, ConcurrentBag<long> runs) : IAsyncDisposable
    {
        private bool _stopped;

        public IJobClient Client => host.Services.GetRequiredService<IJobClient>();

        public IJobStore Store => host.Services.GetRequiredService<IJobStore>();

        public IJobAdminStore Admin => host.Services.GetRequiredService<IJobAdminStore>();

        public IReadOnlyCollection<long> Runs => runs;

        public async Task<JobRecord> WaitForAsync(long id, JobState state)
        {
            for (var waited = 0; waited < 10_000; waited += 10)
            {
                var job = await Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None);
                if (job?.State == state)
                {
                    return job;
                }

                await Task.Delay(10);
            }

            throw new TimeoutException($"Job {id} did not reach {state} within 10 s.");
        }

        public async Task StopAsync()
        {
            if (!_stopped)
            {
                _stopped = true;
                await host.StopAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            host.Dispose();
            await created.DisposeAsync();
        }
    }
}

/// <summary>A job whose mode steers its handler.</summary>
public sealed record Work(string Mode) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "conformance_work";
}

/// <summary>An event with subscribers.</summary>
public sealed record Happened(int N) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "conformance_happened";
}

/// <summary>Succeeds, fails, fails permanently, hangs until cancelled or ignores cancellation for a while, as the job asks.</summary>
public sealed class WorkHandler(ConcurrentBag<long> runs) : IJobHandler<Work>
{
    /// <summary>How long a "stubborn" job runs, deaf to its token.</summary>
    public static readonly TimeSpan StubbornFor = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public Task HandleAsync(Work args, JobContext context, CancellationToken ct)
    {
        runs.Add(context.Id);
        return args.Mode switch
        {
            "fail" => throw new InvalidOperationException("always fails"),
            "permanent" => throw new PermanentJobException("declined"),
            "hang" => Task.Delay(Timeout.Infinite, ct),
            "stubborn" => Task.Delay(StubbornFor, CancellationToken.None),
            _ => Task.CompletedTask,
        };
    }
}

/// <summary>A subscriber that records its run.</summary>
public sealed class WorkSubscriber(ConcurrentBag<long> runs) : IJobHandler<Happened>
{
    /// <inheritdoc />
    public Task HandleAsync(Happened args, JobContext context, CancellationToken ct)
    {
        runs.Add(context.Id);
        return Task.CompletedTask;
    }
}
