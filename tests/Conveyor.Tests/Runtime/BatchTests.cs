using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Tests.Runtime;

public sealed class BatchTests
{
    [Fact]
    public async Task ABatchsCallback_RunsOnceAfterEveryJobFinished_AndSeesHowEachEnded()
    {
        await using var host = await StartAsync();
        host.Probe.Behaviour = (ctx, _) =>
        {
            Assert.Empty(host.Host.Services.GetRequiredService<Reports>().Batches); // no callback before the last job ended
            if (ctx.Id % 5 == 3)
            {
                ctx.Discard("bad address");
            }
            else
            {
                ctx.SetResult(new Sent(ctx.Id));
            }

            return Task.CompletedTask;
        };

        var enqueued = await host.Client.EnqueueBatchAsync(new JobBatch().AddRange(Enumerable.Range(0, 5).Select(n => new Ping(n))).Then(new Report("mailing")));
        var callback = await host.WaitForAsync(enqueued.CallbackJobId, JobState.Completed);

        var reports = host.Host.Services.GetRequiredService<Reports>();
        var batch = Assert.Single(reports.Batches);
        Assert.Equal((enqueued.BatchId, 5, new BatchCounts(4, 1, 0, 0)), (batch.Id, batch.Total, batch.Counts!.Value));
        Assert.Equal(enqueued.JobIds, batch.Jobs.Select(m => m.JobId));
        Assert.Equal(enqueued.JobIds.Where(id => id % 5 != 3), batch.Jobs.Where(m => m.State == JobState.Completed).Select(m => m.ReadResult<Sent>()!.JobId));
        Assert.Equal(1, callback.Attempt);
        Assert.Equal(5, host.Probe.Runs.Count);
    }

    [Fact]
    public async Task AnAllSucceededCallback_IsCancelled_WhenAJobFailed_AndNeverRuns()
    {
        await using var host = await StartAsync();
        host.Probe.Behaviour = (ctx, _) =>
        {
            if (ctx.Id == 2)
            {
                ctx.Discard("declined");
            }

            return Task.CompletedTask;
        };

        var enqueued = await host.Client.EnqueueBatchAsync(new JobBatch().Add(new Ping(1)).Add(new Ping(2)).Then(new Report("charge"), BatchCondition.AllSucceeded));
        await host.WaitForAsync(enqueued.CallbackJobId, JobState.Cancelled);

        Assert.Empty(host.Host.Services.GetRequiredService<Reports>().Batches);
    }

    [Fact]
    public async Task AContinuation_RunsAfterItsParentSucceeded_AndReadsTheParentsResult()
    {
        await using var host = await StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Probe.Behaviour = async (ctx, _) =>
        {
            await release.Task;
            ctx.SetResult(new Sent(42));
        };

        var parent = await host.Client.EnqueueAsync(new Ping(1));
        var continuation = await host.Client.ContinueWithAsync(parent, new Report("receipt"));
        var held = await host.WaitForAsync(continuation, JobState.Scheduled);
        release.SetResult();
        await host.WaitForAsync(continuation, JobState.Completed);

        Assert.True(BatchJobs.IsHeld(held));
        var batch = Assert.Single(host.Host.Services.GetRequiredService<Reports>().Batches);
        Assert.Equal(42, Assert.Single(batch.Jobs).ReadResult<Sent>()!.JobId);
    }

    [Fact]
    public async Task AContinuationOfAJobAlreadyFinished_RunsAtOnce()
    {
        await using var host = await StartAsync();
        var parent = await host.Client.EnqueueAsync(new Ping(1));
        await host.WaitForAsync(parent, JobState.Completed);

        var continuation = await host.Client.ContinueWithAsync(parent, new Report("late"), BatchCondition.AllFinished);

        await host.WaitForAsync(continuation, JobState.Completed);
    }

    [Fact]
    public async Task ABatchIsRefused_WithAClearError_AndNothingEnqueued()
    {
        await using var host = await StartAsync(start: false);

        var noCallback = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.EnqueueBatchAsync(new JobBatch().Add(new Ping(1))).AsTask());
        var empty = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.EnqueueBatchAsync(new JobBatch().Then(new Report("x"))).AsTask());
        var tooMany = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.EnqueueBatchAsync(new JobBatch().AddExisting(Enumerable.Range(1, BatchJobs.MaxJobs + 1).Select(i => (long)i)).Then(new Report("x"))).AsTask());
        var unique = Assert.Throws<ArgumentException>(() => new JobBatch().Then(new Report("x"), options: new EnqueueOptions { UniqueKey = "k" }));
        var missing = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.ContinueWithAsync(404, new Report("x")).AsTask());

        Assert.Contains("needs a callback", noCallback.Message, StringComparison.Ordinal);
        Assert.Contains("has 1 to 10,000 jobs; this one has 0", empty.Message, StringComparison.Ordinal);
        Assert.Contains("this one has 10,001", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("neither a unique key nor a due time", unique.Message, StringComparison.Ordinal);
        Assert.Contains("no job has the id 404", missing.Message, StringComparison.Ordinal);
        Assert.Empty((await host.Admin.ListJobsAsync(new Storage.ListJobsRequest(), CancellationToken.None)).Jobs);
    }

    private static Task<TestHost> StartAsync(bool start = true) => TestHost.StartAsync(
        c =>
        {
            c.Services.AddSingleton<Reports>();
            c.AddHandler<PingHandler>().AddHandler<ReportHandler>().Queue("default", 4);
        },
        start);

    private sealed record Sent(long JobId);

    private sealed record Report(string Name) : IJobArgs
    {
        public static string Kind => "report";
    }

    /// <summary>The batches the callbacks saw.</summary>
    private sealed class Reports
    {
        public ConcurrentQueue<BatchRecord> Batches { get; } = new();
    }

    private sealed class ReportHandler(Reports reports) : IJobHandler<Report>
    {
        public async Task HandleAsync(Report args, JobContext context, CancellationToken ct) =>
            reports.Batches.Enqueue(await context.GetBatchAsync(ct) ?? throw new InvalidOperationException($"Job {context.Id} has no batch."));
    }
}
