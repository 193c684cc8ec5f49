using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Conveyor.Tests.Runtime;

public sealed class JobHostTests
{
    [Fact]
    public async Task StopAsync_ReleasesARunningJobWithoutChargingAnAttempt_WhenShutdownTimeoutPasses()
    {
        var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1));
        host.Probe.Behaviour = (_, ct) => Task.Delay(Timeout.Infinite, ct);
        var id = await host.Client.EnqueueAsync(new Ping(1));
        await host.Probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await host.Host.StopAsync();

        var job = await host.Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None);
        Assert.Equal(JobState.Available, job!.State);
        Assert.Equal(0, job.Attempt);
        Assert.Null(job.LeaseOwner);
        host.Host.Dispose();
    }

    [Fact]
    public async Task StopAsync_LetsARunningJobFinish_WhenItEndsWithinTheShutdownTimeout()
    {
        var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1).Configure(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5)));
        host.Probe.Behaviour = (_, _) => Task.Delay(200, CancellationToken.None);
        var id = await host.Client.EnqueueAsync(new Ping(1));
        await host.Probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await host.Host.StopAsync();

        var job = await host.Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None);
        Assert.Equal(JobState.Completed, job!.State);
        host.Host.Dispose();
    }

    [Fact]
    public async Task Rescuer_RunsACrashedWorkersJobAgain_AfterItsLeaseExpires()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1));
        var store = host.Host.Services.GetRequiredService<IJobStore>();
        var id = await host.Client.EnqueueAsync(new Ping(1), new() { Queue = "orphan" });
        // A worker that fetched the job and died: its lease is never renewed.
        await store.FetchAsync(new FetchJobsRequest { Queue = "orphan", Limit = 1, Owner = "dead-node", LeaseDuration = TimeSpan.FromMilliseconds(50) }, CancellationToken.None);

        // Back with the store to run again: retryable, or already promoted (a rescue keeps the job's due time).
        var job = await host.WaitForAsync(id, JobState.Retryable, JobState.Available);

        Assert.Equal("crashed", Assert.Single(job.Errors).ExceptionType);
        Assert.Equal(1, job.Attempt);
    }

    [Fact]
    public async Task Rescuer_RunsADeadLeadersJobAgain_WithoutWaitingForItsLeadership()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1), start: false);
        var store = host.Host.Services.GetRequiredService<IJobStore>();
        // A node that was the maintenance leader and died holding a job; its leadership has an hour left to run out.
        var dead = await store.TryAcquireLeadershipAsync(new LeadershipRequest { Name = "maintenance", Owner = "dead-node", Ttl = TimeSpan.FromHours(1) }, CancellationToken.None);
        var id = await host.Client.EnqueueAsync(new Ping(1), new() { Queue = "orphan" });
        await store.FetchAsync(new FetchJobsRequest { Queue = "orphan", Limit = 1, Owner = "dead-node", LeaseDuration = TimeSpan.FromMilliseconds(50) }, CancellationToken.None);

        await host.Host.StartAsync();
        // Back in line at once: a rescue keeps the job's due time, so it needs no promotion by the (dead) leader either.
        var job = await host.WaitForAsync(id, JobState.Available);

        Assert.True(dead.IsLeader);
        Assert.Equal("crashed", Assert.Single(job.Errors).ExceptionType);
        var stillHeld = await store.TryAcquireLeadershipAsync(new LeadershipRequest { Name = "maintenance", Owner = "other-node", Ttl = TimeSpan.FromSeconds(1) }, CancellationToken.None);
        Assert.False(stillHeld.IsLeader);
    }

    [Fact]
    public async Task Pruner_DeletesFinishedJobsPastTheirStatesRetention_AndKeepsTheRest()
    {
        await using var host = await TestHost.StartAsync(c => c
            .AddHandler<PingHandler>(o => o.MaxAttempts(1))
            .Queue("default", 2)
            .Configure(o =>
            {
                o.PruneInterval = TimeSpan.FromMilliseconds(50);
                o.CompletedRetention = TimeSpan.FromMilliseconds(100);
                o.DiscardedRetention = TimeSpan.FromDays(1);
            }));
        host.Probe.Behaviour = (ctx, _) => ctx.Id == 2 ? throw new InvalidOperationException("dead letter") : Task.CompletedTask;

        var completed = await host.Client.EnqueueAsync(new Ping(1));
        var discarded = await host.Client.EnqueueAsync(new Ping(2));
        await host.WaitForAsync(discarded, JobState.Discarded);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await host.Admin.GetJobAsync(new GetJobRequest { JobId = completed }, timeout.Token) is not null)
        {
            await Task.Delay(20, timeout.Token);
        }

        Assert.NotNull(await host.Admin.GetJobAsync(new GetJobRequest { JobId = discarded }, CancellationToken.None));
    }

    [Fact]
    public async Task Pruner_KeepsAQueuesFinishedJobsForItsOwnRetention()
    {
        await using var host = await TestHost.StartAsync(c => c
            .AddHandler<PingHandler>()
            .Queue("default", 2)
            .Queue("audit", 1)
            .Retention("audit", r => r.Completed = TimeSpan.FromDays(90))
            .Configure(o =>
            {
                o.PruneInterval = TimeSpan.FromMilliseconds(50);
                o.CompletedRetention = TimeSpan.FromMilliseconds(100);
            }));

        var kept = await host.Client.EnqueueAsync(new Ping(1), new EnqueueOptions { Queue = "audit" });
        var pruned = await host.Client.EnqueueAsync(new Ping(2));
        await host.WaitForAsync(kept, JobState.Completed);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await host.Admin.GetJobAsync(new GetJobRequest { JobId = pruned }, timeout.Token) is not null)
        {
            await Task.Delay(20, timeout.Token);
        }

        Assert.NotNull(await host.Admin.GetJobAsync(new GetJobRequest { JobId = kept }, CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_RefusesInvalidOptions_NamingTheSetting()
    {
        var host = await TestHost.StartAsync(c => c.Configure(o => o.LeaseDuration = TimeSpan.Zero), start: false);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.Host.StartAsync());

        Assert.Contains("LeaseDuration", error.Message, StringComparison.Ordinal);
        host.Host.Dispose();
    }

    [Fact]
    public async Task StartAsync_RefusesCompleteInTransaction_OnAStoreWithoutTransactionalCompletion_NamingTheKind()
    {
        var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>(o => o.CompleteInTransaction = true).Queue("default", 1), start: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Host.StartAsync());

        Assert.Contains("'ping'", error.Message, StringComparison.Ordinal);
        Assert.Contains("memory store", error.Message, StringComparison.Ordinal);
        host.Host.Dispose();
    }

    [Fact]
    public async Task StartAsync_RefusesRunInOrder_OnAStoreWithoutOrderingKeys_NamingTheKind()
    {
        var host = await TestHost.StartAsync(c => c.UseStore(_ => new SilentStore()).AddHandler<PingHandler>(o => o.RunInOrder<Ping>(p => $"{p.N}")).Queue("default", 1), start: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Host.StartAsync());

        Assert.Contains("'ping' run in order, but the silent store keeps no ordering keys", error.Message, StringComparison.Ordinal);
        host.Host.Dispose();
    }

    [Fact]
    public async Task ManyJobs_AreEachCompletedExactlyOnce_AcrossSeveralQueues()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("a", 8).Queue("b", 3));

        var a = await host.Client.EnqueueManyAsync(Enumerable.Range(0, 500).Select(i => new Ping(i)), new() { Queue = "a" });
        var b = await host.Client.EnqueueManyAsync(Enumerable.Range(0, 200).Select(i => new Ping(i)), new() { Queue = "b" });

        foreach (var id in a.Concat(b))
        {
            await host.WaitForAsync(id, JobState.Completed);
        }

        Assert.Equal(700, host.Probe.Runs.Count);
        Assert.Equal(700, host.Probe.Runs.Select(r => r.Id).Distinct().Count());
    }
}
