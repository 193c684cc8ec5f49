using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Runtime;

/// <summary>A host on the in-memory store and a fake clock, given a job of a kind it has no handler for.</summary>
public sealed class UnknownKindHostTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task UnknownKind_WaitsEveryRecheckWithoutChargingAnAttempt_ThenIsDiscardedAsUnknownKindAtTheGrace()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var host = await StartAsync(time);
        var id = await host.Client.EnqueueRawAsync("no_such_job", "{}"u8.ToArray(), new EnqueueOptions { MaxAttempts = 1 });
        var created = (await GetAsync(host, id)).CreatedAt;

        // Move the clock only while the job sits in Scheduled, to exactly when it is due: each cycle is one recheck.
        var dueTimes = new List<DateTimeOffset>();
        var job = await SettledAsync(host, id, time);
        while (job.State == JobState.Scheduled)
        {
            Assert.Equal(0, job.Attempt);
            Assert.Empty(job.Errors);
            dueTimes.Add(job.ScheduledAt);
            time.Advance(job.ScheduledAt - time.GetUtcNow());
            job = await SettledAsync(host, id, time);
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(m => created + m * Recheck), dueTimes);
        Assert.Equal((JobState.Discarded, 1, created + Grace), (job.State, job.Attempt, job.FinalizedAt));
        var error = Assert.Single(job.Errors);
        Assert.Equal("unknown_kind", error.ExceptionType);
        Assert.Contains("Unknown job kind 'no_such_job'", error.Message, StringComparison.Ordinal);
        Assert.Contains("worker unknown-kind-node", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Probe.Runs);
    }

    [Fact]
    public async Task UnknownKind_DoesNotHoldUpJobsTheWorkerKnows_WhileItWaits()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var host = await StartAsync(time);
        var unknown = await host.Client.EnqueueRawAsync("no_such_job", "{}"u8.ToArray());
        await SettledAsync(host, unknown, time);

        var known = await host.Client.EnqueueAsync(new Ping(1));

        Assert.Equal(1, (await host.WaitForAsync(known, JobState.Completed)).Attempt);
        Assert.Equal([(known, 1)], host.Probe.Runs);
        Assert.Equal((JobState.Scheduled, 0), await StateAndAttemptAsync(host, unknown));
    }

    private static Task<TestHost> StartAsync(FakeTimeProvider time) => TestHost.StartAsync(c =>
    {
        c.Services.RemoveAll<TimeProvider>();
        c.Services.AddSingleton<TimeProvider>(time);
        c.AddHandler<PingHandler>().Queue("default", 2).Configure(o =>
        {
            o.NodeId = "unknown-kind-node";
            o.UnknownKindGrace = Grace;
            o.UnknownKindRecheck = Recheck;
        });
    });

    /// <summary>
    /// Waits (real time, up to 10 s) until the job is final or waits for the fake clock: Scheduled and due later
    /// than now. Only then does the test move the clock, so no step of the host is skipped.
    /// </summary>
    private static async Task<JobRecord> SettledAsync(TestHost host, long id, FakeTimeProvider time)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var job = await GetAsync(host, id);
            if (job.State.IsFinal() || (job.State == JobState.Scheduled && job.ScheduledAt > time.GetUtcNow()))
            {
                return job;
            }

            if (TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException($"Job {id} did not settle in 10 s: {job.State}, due {job.ScheduledAt:O}, clock at {time.GetUtcNow():O}.");
            }

            await Task.Delay(5);
        }
    }

    private static async Task<(JobState, int)> StateAndAttemptAsync(TestHost host, long id)
    {
        var job = await GetAsync(host, id);
        return (job.State, job.Attempt);
    }

    private static async Task<JobRecord> GetAsync(TestHost host, long id) =>
        await host.Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None)
        ?? throw new InvalidOperationException($"Job {id} is gone.");
}
