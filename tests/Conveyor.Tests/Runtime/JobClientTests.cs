using System.Text;
using Conveyor.Storage;

namespace Conveyor.Tests.Runtime;

public sealed class JobClientTests
{
    [Fact]
    public async Task PublishAsync_EnqueuesOneJobPerSubscriber_EachRetriedOnItsOwn()
    {
        await using var host = await TestHost.StartAsync(c => c
            .Subscribe<OrderPlaced, EmailSubscriber>("email", o => o.Queue = "high")
            .Subscribe<OrderPlaced, FailingSubscriber>("warehouse", o => o.MaxAttempts(1))
            .Queue("high", 1)
            .Queue("default", 1));

        var ids = await host.Client.PublishAsync(new OrderPlaced(7));

        Assert.Equal(2, ids.Count);
        var email = await host.WaitForAsync(ids[0], JobState.Completed);
        var warehouse = await host.WaitForAsync(ids[1], JobState.Discarded);
        Assert.Equal(("order_placed:email", "high"), (email.Kind, email.Queue));
        Assert.Equal(("order_placed:warehouse", "default"), (warehouse.Kind, warehouse.Queue));
        Assert.Single(host.Probe.Runs);
    }

    [Fact]
    public async Task PublishAsync_Throws_WhenEventHasNoSubscribers()
    {
        await using var host = await TestHost.StartAsync(_ => { }, start: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.PublishAsync(new OrderPlaced(1)).AsTask());
        Assert.Contains("order_placed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnqueueAsync_ReturnsTheExistingId_WhenUniqueKeyMatchesAnUnfinishedJob()
    {
        await using var host = await TestHost.StartAsync(_ => { }, start: false);

        var first = await host.Client.EnqueueAsync(new Ping(1), new() { UniqueKey = "sync:42" });
        var second = await host.Client.EnqueueAsync(new Ping(2), new() { UniqueKey = "sync:42" });

        Assert.Equal(first, second);
        var page = await host.Admin.ListJobsAsync(new ListJobsRequest(), CancellationToken.None);
        Assert.Single(page.Jobs);
    }

    [Fact]
    public async Task EnqueueAsync_Throws_NamingTheCap_WhenArgumentsAreTooLarge()
    {
        await using var host = await TestHost.StartAsync(c => c.Configure(o => o.MaxArgsBytes = 64), start: false);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.EnqueueRawAsync("big", Encoding.UTF8.GetBytes($"\"{new string('x', 100)}\"")).AsTask());

        Assert.Contains("cap of 64 bytes", error.Message, StringComparison.Ordinal);
        Assert.Empty((await host.Admin.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs);
    }

    [Fact]
    public async Task EnqueueAsync_StoresTheOrderingKeyOfTheArguments_WhenTheJobTypeRunsInOrder()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>(o => o.RunInOrder<Ping>(p => p.N == 0 ? "" : $"account-{p.N}")), start: false);

        var typed = await host.Client.EnqueueAsync(new Ping(7));
        var raw = await host.Client.EnqueueRawAsync(Ping.Kind, Encoding.UTF8.GetBytes("{\"n\":8}"));
        var empty = await host.Client.EnqueueAsync(new Ping(0));

        var keys = await Task.WhenAll(new[] { typed, raw, empty }.Select(async id =>
            (await host.Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None))!.OrderingKey));
        Assert.Equal(new string?[] { "account-7", "account-8", null }, keys);
    }

    [Fact]
    public async Task EnqueueAsync_Throws_NamingTheCap_WhenTheOrderingKeyIsTooLong()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>(o => o.RunInOrder<Ping>(p => new string('k', p.N))), start: false);

        await host.Client.EnqueueAsync(new Ping(200));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.EnqueueAsync(new Ping(201)).AsTask());

        Assert.Contains("201 characters, over the cap of 200", error.Message, StringComparison.Ordinal);
        Assert.Single((await host.Admin.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs);
    }

    [Fact]
    public async Task EnqueueAsync_Throws_WhenQueueNameIsInvalid()
    {
        await using var host = await TestHost.StartAsync(_ => { }, start: false);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.EnqueueAsync(new Ping(1), new() { Queue = "no spaces" }).AsTask());

        Assert.Contains("Invalid queue name 'no spaces'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnqueueRawAsync_Throws_WhenJsonIsMalformed()
    {
        await using var host = await TestHost.StartAsync(_ => { }, start: false);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.EnqueueRawAsync("ping", Encoding.UTF8.GetBytes("{oops")).AsTask());

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleAsync_RunsTheJobOnlyAfterItsDelay()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1));

        var id = await host.Client.ScheduleAsync(new Ping(1), TimeSpan.FromMilliseconds(300));

        Assert.Equal(JobState.Scheduled, (await host.Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None))!.State);
        var job = await host.WaitForAsync(id, JobState.Completed);
        Assert.True(job.AttemptedAt >= job.ScheduledAt);
        Assert.True(job.ScheduledAt - job.CreatedAt >= TimeSpan.FromMilliseconds(290));
    }

    [Fact]
    public async Task EnqueueManyAsync_InsertsAllJobs_InOrderWithPriorities()
    {
        await using var host = await TestHost.StartAsync(_ => { }, start: false);

        var ids = await host.Client.EnqueueManyAsync(Enumerable.Range(0, 5).Select(i => new Ping(i)), new() { Priority = -3 });

        Assert.Equal(5, ids.Distinct().Count());
        Assert.Equal(ids.Order(), ids);
        var jobs = (await host.Admin.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs;
        Assert.All(jobs, j => Assert.Equal(-3, j.Priority));
    }
}
