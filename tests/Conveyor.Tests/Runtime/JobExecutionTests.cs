using System.Text;
using Conveyor.Storage;

namespace Conveyor.Tests.Runtime;

public sealed class JobExecutionTests
{
    [Fact]
    public async Task Enqueue_RunsTheHandlerAndCompletes_WhenHandlerSucceeds()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 2));

        var id = await host.Client.EnqueueAsync(new Ping(1));

        var job = await host.WaitForAsync(id, JobState.Completed);
        Assert.Equal(1, job.Attempt);
        Assert.NotNull(job.FinalizedAt);
        Assert.Equal([(id, 1)], host.Probe.Runs);
    }

    [Fact]
    public async Task AHandler_ReportsProgress_AndItsResultIsKeptOnTheCompletedJob()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1));
        var reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Probe.Behaviour = async (ctx, ct) =>
        {
            Assert.True(await ctx.ReportProgressAsync(40, "read 400 of 1,000 rows", ct));
            reported.SetResult();
            await finish.Task;
            ctx.SetResult(new { Rows = 1000 });
        };

        var id = await host.Client.EnqueueAsync(new Ping(1));
        await reported.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var running = await host.WaitForAsync(id, JobState.Running);
        finish.SetResult();
        var completed = await host.WaitForAsync(id, JobState.Completed);

        Assert.Equal((40, "read 400 of 1,000 rows"), (running.Progress!.Percent, running.Progress.Message));
        Assert.Equal("{\"rows\":1000}", Encoding.UTF8.GetString(completed.Result!.Value.Span));
    }

    [Fact]
    public async Task ProgressAndResults_RefuseBadInput()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1));
        var errors = new List<Exception>();
        host.Probe.Behaviour = async (ctx, ct) =>
        {
            errors.Add(await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ctx.ReportProgressAsync(101, null, ct).AsTask()));
            errors.Add(await Assert.ThrowsAsync<ArgumentException>(() => ctx.ReportProgressAsync(5, new string('x', 201), ct).AsTask()));
            errors.Add(Assert.Throws<ArgumentException>(() => ctx.SetResult(new string('x', 70_000))));
        };

        var id = await host.Client.EnqueueAsync(new Ping(1));
        await host.WaitForAsync(id, JobState.Completed);

        Assert.Equal(3, errors.Count);
        Assert.Contains("at most 65,536 bytes", errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARateLimitedJobType_IsHeldToItsLimitPerKey_WithoutChargingAttempts()
    {
        await using var host = await TestHost.StartAsync(c => c
            .AddHandler<PingHandler>(o => o.LimitRate<Ping>(2, TimeSpan.FromMilliseconds(500), p => p.N % 2 == 0 ? "even" : "odd"))
            .Queue("default", 4));
        // Ids are handed out in order from 1, so a job's id parity is its key's.
        var started = new System.Collections.Concurrent.ConcurrentQueue<(long Key, long At)>();
        host.Probe.Behaviour = (ctx, _) =>
        {
            started.Enqueue((ctx.Id % 2, TimeProvider.System.GetTimestamp()));
            return Task.CompletedTask;
        };

        var ids = await host.Client.EnqueueManyAsync(Enumerable.Range(0, 12).Select(n => new Ping(n)));

        var jobs = new List<JobRecord>();
        foreach (var id in ids)
        {
            jobs.Add(await host.WaitForAsync(id, JobState.Completed));
        }

        // Six jobs a key at two per 500 ms are admitted in three rounds: the last a second after the first at least.
        // Unlimited, they would all start within milliseconds.
        Assert.All(jobs, j => Assert.Equal(1, j.Attempt));
        foreach (var key in started.GroupBy(s => s.Key))
        {
            var times = key.Select(s => s.At).Order().ToList();
            var spread = TimeProvider.System.GetElapsedTime(times[0], times[^1]);
            Assert.True(spread >= TimeSpan.FromMilliseconds(900), $"Six jobs of one key started within {spread.TotalMilliseconds:F0} ms; the limit of 2 per 500 ms needs about a second.");
        }
    }

    [Fact]
    public async Task AConcurrencyLimitedJobType_RunsOneJobOfAKeyAtATime_WithoutChargingAttempts()
    {
        await using var host = await TestHost.StartAsync(c => c
            .AddHandler<PingHandler>(o => o.LimitConcurrency<Ping>(1, p => p.N % 2 == 0 ? "even" : "odd"))
            .Queue("default", 6));
        // Ids are handed out in order from 1, so a job's id parity is its key's.
        var runs = new System.Collections.Concurrent.ConcurrentQueue<(long Key, long Start, long End)>();
        host.Probe.Behaviour = async (ctx, ct) =>
        {
            var start = TimeProvider.System.GetTimestamp();
            await Task.Delay(100, ct);
            runs.Enqueue((ctx.Id % 2, start, TimeProvider.System.GetTimestamp()));
        };

        var ids = await host.Client.EnqueueManyAsync(Enumerable.Range(0, 6).Select(n => new Ping(n)));

        var jobs = new List<JobRecord>();
        foreach (var id in ids)
        {
            jobs.Add(await host.WaitForAsync(id, JobState.Completed));
        }

        Assert.All(jobs, j => Assert.Equal(1, j.Attempt));
        foreach (var key in runs.GroupBy(r => r.Key))
        {
            var ordered = key.OrderBy(r => r.Start).ToList();
            Assert.Equal(3, ordered.Count);
            Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.Second.Start >= pair.First.End, "Two jobs of one key ran at once."));
        }
    }

    [Fact]
    public async Task AJobTypeThatRunsInOrder_RunsAKeysJobsOneAtATimeInEnqueueOrder_WhileAFailedOneWaitsForItsRetry()
    {
        await using var host = await TestHost.StartAsync(c => c
            .AddHandler<PingHandler>(o =>
            {
                o.RunInOrder<Ping>(p => p.N % 2 == 0 ? "even" : "odd");
                o.Retry = o.Retry with { BaseDelay = TimeSpan.FromMilliseconds(200) };
            })
            .Queue("default", 6));
        // Ids are handed out in order from 1, so a job's id parity is its key's; the first odd job fails once.
        var runs = new System.Collections.Concurrent.ConcurrentQueue<(long Key, long Id, long Start, long End)>();
        host.Probe.Behaviour = async (ctx, ct) =>
        {
            var start = TimeProvider.System.GetTimestamp();
            await Task.Delay(50, ct);
            runs.Enqueue((ctx.Id % 2, ctx.Id, start, TimeProvider.System.GetTimestamp()));
            if (ctx.Id == 1 && ctx.Attempt == 1)
            {
                throw new InvalidOperationException("fails once");
            }
        };

        var ids = await host.Client.EnqueueManyAsync(Enumerable.Range(1, 8).Select(n => new Ping(n)));

        var jobs = new List<JobRecord>();
        foreach (var id in ids)
        {
            jobs.Add(await host.WaitForAsync(id, JobState.Completed));
        }

        Assert.Equal([2, 1, 1, 1, 1, 1, 1, 1], jobs.Select(j => j.Attempt));
        Assert.All(jobs, j => Assert.Equal(j.Id % 2 == 0 ? "even" : "odd", j.OrderingKey));
        foreach (var key in runs.GroupBy(r => r.Key))
        {
            var ordered = key.OrderBy(r => r.Start).ToList();
            Assert.Equal(key.Key == 1 ? [1, 1, 3, 5, 7] : [2, 4, 6, 8], ordered.Select(r => r.Id));
            Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.Second.Start >= pair.First.End, "Two jobs of one key ran at once."));
        }
    }

    [Fact]
    public async Task FailingJob_IsRetriedThenDiscarded_WithEveryAttemptsError()
    {
        await using var host = await TestHost.StartAsync(c => c
            .AddHandler<PingHandler>(o => o.Retry = o.Retry with { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1) })
            .Queue("default", 1));
        host.Probe.Behaviour = (ctx, _) => throw new InvalidOperationException($"boom {ctx.Attempt}");

        var id = await host.Client.EnqueueAsync(new Ping(1));

        var job = await host.WaitForAsync(id, JobState.Discarded);
        Assert.Equal(3, job.Attempt);
        Assert.Equal(["boom 1", "boom 2", "boom 3"], job.Errors.Select(e => e.Message));
        Assert.All(job.Errors, e => Assert.Equal("System.InvalidOperationException", e.ExceptionType));
        Assert.All(job.Errors, e => Assert.Contains("boom", e.StackTrace, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PermanentJobException_DiscardsAfterOneAttempt_WithItsReason()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1));
        host.Probe.Behaviour = (_, _) => throw new PermanentJobException("card declined");

        var id = await host.Client.EnqueueAsync(new Ping(1));

        var job = await host.WaitForAsync(id, JobState.Discarded);
        Assert.Equal(1, job.Attempt);
        Assert.Equal("card declined", Assert.Single(job.Errors).Message);
    }

    [Fact]
    public async Task MalformedArguments_AreDiscarded_WithAReasonNamingTheProblem()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1));

        var id = await host.Client.EnqueueRawAsync(Ping.Kind, Encoding.UTF8.GetBytes("{\"n\": \"not a number\"}"));

        var job = await host.WaitForAsync(id, JobState.Discarded);
        var error = Assert.Single(job.Errors);
        Assert.Contains("Malformed arguments for 'ping'", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Probe.Runs);
    }

    [Fact]
    public async Task HardTimeLimit_FailsTheAttemptAndFreesTheSlot_WhenHandlerIgnoresCancellation()
    {
        await using var host = await TestHost.StartAsync(c => c
            .AddHandler<PingHandler>(o => { o.HardTimeLimit = TimeSpan.FromMilliseconds(100); o.MaxAttempts(1); })
            .Queue("default", 1));
        var release = new TaskCompletionSource();
        host.Probe.Behaviour = (ctx, _) => ctx.Id == 1 ? release.Task : Task.CompletedTask; // the first job ignores cancellation

        var stuck = await host.Client.EnqueueAsync(new Ping(1));
        var next = await host.Client.EnqueueAsync(new Ping(2));

        var job = await host.WaitForAsync(stuck, JobState.Discarded);
        Assert.Equal("timeout", Assert.Single(job.Errors).ExceptionType);
        await host.WaitForAsync(next, JobState.Completed);
        release.SetResult();
    }

    [Fact]
    public async Task SoftTimeLimit_CancelsTheHandlersToken_AndFailsTheAttemptAsTimeout()
    {
        await using var host = await TestHost.StartAsync(c => c
            .AddHandler<PingHandler>(o => { o.SoftTimeLimit = TimeSpan.FromMilliseconds(50); o.MaxAttempts(1); })
            .Queue("default", 1));
        host.Probe.Behaviour = (_, ct) => Task.Delay(Timeout.Infinite, ct);

        var id = await host.Client.EnqueueAsync(new Ping(1));

        var job = await host.WaitForAsync(id, JobState.Discarded);
        var error = Assert.Single(job.Errors);
        Assert.Equal("timeout", error.ExceptionType);
        Assert.Contains("Soft time limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discard_FromTheContext_EndsTheJobDiscarded_WithTheReason()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1));
        host.Probe.Behaviour = (ctx, _) =>
        {
            ctx.Discard("customer deleted");
            return Task.CompletedTask;
        };

        var id = await host.Client.EnqueueAsync(new Ping(1));

        var job = await host.WaitForAsync(id, JobState.Discarded);
        Assert.Equal("customer deleted", Assert.Single(job.Errors).Message);
    }

    [Fact]
    public async Task Middleware_WrapsEveryHandler()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().AddMiddleware<DiscardingMiddleware>().Queue("default", 1));

        var id = await host.Client.EnqueueAsync(new Ping(1));

        var job = await host.WaitForAsync(id, JobState.Discarded);
        Assert.Equal("seen by middleware", Assert.Single(job.Errors).Message);
        Assert.Single(host.Probe.Runs);
    }

    private sealed class DiscardingMiddleware : IJobMiddleware
    {
        public async Task InvokeAsync(JobContext context, Func<Task> next, CancellationToken ct)
        {
            await next();
            context.Discard("seen by middleware");
        }
    }
}
