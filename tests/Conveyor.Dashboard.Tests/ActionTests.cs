using System.Net;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Conveyor.Dashboard.Tests;

public sealed class ActionTests
{
    [Fact]
    public async Task Post_Returns400AndChangesNothing_WhenTheAntiforgeryTokenIsMissingOrWrong()
    {
        await using var store = await TestStore.CreateAsync();
        var seeded = await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store);
        await server.GetStringAsync($"jobs/{seeded.Discarded}");

        using var missing = await server.PostAsync($"jobs/{seeded.Discarded}/retry", new Dictionary<string, string>());
        using var wrong = await server.PostAsync("queues/default/pause", new Dictionary<string, string> { ["__RequestVerificationToken"] = "forged" });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(JobState.Discarded, (await GetAsync(store, seeded.Discarded)).State);
        Assert.DoesNotContain((await store.Admin.ListQueuesAsync(new ListQueuesRequest(), CancellationToken.None)).Queues, q => q.Paused);
    }

    [Fact]
    public async Task RetryDiscarded_MakesTheJobAvailableAndAWorkerCompletesIt_WhenPostedWithThePagesToken()
    {
        await using var store = await TestStore.CreateAsync();
        var seeded = await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store);

        using var response = await server.PostFromPageAsync($"jobs/{seeded.Discarded}", $"jobs/{seeded.Discarded}/retry");
        var retried = await GetAsync(store, seeded.Discarded);
        var completed = await RunWorkerUntilAsync(store, "dead", seeded.Discarded, JobState.Completed);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/conveyor/jobs/{seeded.Discarded}", response.Headers.Location?.OriginalString);
        Assert.Equal(JobState.Available, retried.State);
        Assert.Equal(JobState.Completed, completed.State);
        Assert.Single(completed.Errors);
    }

    [Fact]
    public async Task PauseAndResume_SetTheQueuesPausedFlag_WhenPostedFromTheQueuesPage()
    {
        await using var store = await TestStore.CreateAsync();
        await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store);

        using var pause = await server.PostFromPageAsync("queues", "queues/flaky/pause");
        var afterPause = await Paused(store, "flaky");
        var page = await server.GetStringAsync("queues");
        using var resume = await server.PostFromPageAsync("queues", "queues/flaky/resume");

        Assert.Equal(HttpStatusCode.SeeOther, pause.StatusCode);
        Assert.True(afterPause);
        Assert.Contains("action=\"/conveyor/queues/flaky/resume\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, resume.StatusCode);
        Assert.False(await Paused(store, "flaky"));
    }

    [Fact]
    public async Task CancelAndDelete_ChangeTheJob_WhenPostedFromItsPages()
    {
        await using var store = await TestStore.CreateAsync();
        var seeded = await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store);

        using var cancel = await server.PostFromPageAsync($"jobs/{seeded.Available}", $"jobs/{seeded.Available}/cancel");
        using var delete = await server.PostFromPageAsync($"confirm?action=delete&id={seeded.Discarded}", $"jobs/{seeded.Discarded}/delete");

        Assert.Equal(HttpStatusCode.SeeOther, cancel.StatusCode);
        Assert.Equal(JobState.Cancelled, (await GetAsync(store, seeded.Available)).State);
        Assert.Equal(HttpStatusCode.SeeOther, delete.StatusCode);
        Assert.Null(await store.Admin.GetJobAsync(new GetJobRequest { JobId = seeded.Discarded }, CancellationToken.None));
        Assert.Contains("Deleted 1 job.", await server.GetStringAsync(delete.Headers.Location!.OriginalString["/conveyor/".Length..]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryAll_RetriesOnlyTheMatchingDeadLetters_AfterTheConfirmationPage()
    {
        await using var store = await TestStore.CreateAsync();
        var inA = await DiscardedAsync(store, "a", 3);
        var inB = await DiscardedAsync(store, "b", 2);
        await using var server = await DashboardServer.StartAsync(store);

        var list = await server.GetStringAsync("dead-letters?queue=a");
        var confirm = await server.GetStringAsync("confirm?action=retry-all&queue=a");
        var stillDiscarded = await GetAsync(store, inA[0]);
        using var response = await server.PostAsync("dead-letters/retry-all", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = DashboardServer.TokenIn(confirm),
            ["queue"] = "a",
        });

        Assert.Contains("href=\"/conveyor/confirm?action=retry-all&amp;queue=a\"", list, StringComparison.Ordinal);
        Assert.Contains("Retry 3 dead letters in queue a?", confirm, StringComparison.Ordinal);
        Assert.Equal(JobState.Discarded, stillDiscarded.State);
        Assert.Equal("/conveyor/dead-letters?done=retried&n=3", response.Headers.Location?.OriginalString);
        foreach (var id in inA)
        {
            Assert.Equal(JobState.Available, (await GetAsync(store, id)).State);
        }

        foreach (var id in inB)
        {
            Assert.Equal(JobState.Discarded, (await GetAsync(store, id)).State);
        }
    }

    [Fact]
    public async Task RecurringActions_TriggerPauseAndResumeTheSchedule_WhenPosted()
    {
        await using var store = await TestStore.CreateAsync();
        await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store);

        using var trigger = await server.PostFromPageAsync("recurring", "recurring/nightly/trigger");
        var triggered = (await store.Admin.ListJobsAsync(new ListJobsRequest { Kind = "echo", Queue = "default", Limit = 1 }, CancellationToken.None)).Jobs[0];
        using var pause = await server.PostFromPageAsync("recurring", "recurring/nightly/pause");
        var paused = (await store.Schedules.ListSchedulesAsync(new ListSchedulesRequest(), CancellationToken.None)).Schedules[0].Paused;
        using var resume = await server.PostFromPageAsync("recurring", "recurring/nightly/resume");

        Assert.Equal($"/conveyor/recurring?done=triggered&n={triggered.Id}", trigger.Headers.Location?.OriginalString);
        Assert.Equal(("""{"n":8}""", "recurring:nightly"), (System.Text.Encoding.UTF8.GetString(triggered.Args.Span), triggered.Tags[0]));
        Assert.True(paused);
        Assert.Equal(HttpStatusCode.SeeOther, resume.StatusCode);
        Assert.False((await store.Schedules.ListSchedulesAsync(new ListSchedulesRequest(), CancellationToken.None)).Schedules[0].Paused);
    }

    private static async Task<JobRecord> GetAsync(TestStore store, long id) =>
        await store.Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None) ?? throw new InvalidOperationException($"job {id} is missing");

    private static async Task<bool> Paused(TestStore store, string queue) =>
        (await store.Admin.ListQueuesAsync(new ListQueuesRequest(), CancellationToken.None)).Queues.Single(q => q.Name == queue).Paused;

    private static async Task<List<long>> DiscardedAsync(TestStore store, string queue, int count)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var id = await store.Client.EnqueueRawAsync("echo", Seeded.Args("{}"), new EnqueueOptions { Queue = queue }, CancellationToken.None);
            await store.Jobs.FetchAsync(new FetchJobsRequest { Queue = queue, Limit = 1, Owner = Seeded.Owner, LeaseDuration = TimeSpan.FromMinutes(1) }, CancellationToken.None);
            await store.Jobs.CompleteAsync(
                new CompleteJobsRequest { Completions = [new JobCompletion { JobId = id, Attempt = 1, LeaseOwner = Seeded.Owner, Kind = CompletionKind.Discard, DecidedAt = TimeProvider.System.GetUtcNow() }] },
                CancellationToken.None);
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>Runs a real worker on the store's file, working <paramref name="queue"/>, until the job reaches <paramref name="state"/>.</summary>
    private static async Task<JobRecord> RunWorkerUntilAsync(TestStore store, string queue, long id, JobState state)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddConveyor(c => c.UseSqlite(store.Path).AddHandler<EchoHandler>(o => o.Queue = queue).Queue(queue));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            while (true)
            {
                var job = await GetAsync(store, id);
                if (job.State == state || TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(20))
                {
                    return job;
                }

                await Task.Delay(50);
            }
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
