using System.Text.Json.Nodes;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Tests.Browser;

[Collection("Browser")]
public sealed class ActionBrowserTests
{
    [Fact]
    public async Task RetryButton_GetsTheDeadLetterCompletedByAWorker_AndItsPageFollowsWithoutAReload()
    {
        await using var store = await TestStore.CreateAsync();
        var seeded = await Seeded.IntoAsync(store);
        await store.Admin.SetQueuePausedAsync(new SetQueuePausedRequest { Queue = "dead", Paused = true }, CancellationToken.None);
        await using var server = await DashboardServer.StartAsync(store, o => o.RefreshInterval = TimeSpan.FromMilliseconds(300));
        await using var worker = await WorkerHost.StartAsync(store, "dead");

        var report = await Browse.RunAsync(new JsonObject
        {
            ["scenario"] = "retry",
            ["base"] = server.Root.ToString(),
            ["job"] = seeded.Discarded,
            ["queue"] = "dead",
            ["until"] = "completed",
        });

        Browse.NoErrors(report);
        var afterClick = report["afterClick"]!.AsObject();
        Assert.Equal("/conveyor/dead-letters?done=retried&n=1", (string)afterClick["path"]!);
        Assert.Contains("No jobs match.", (string)afterClick["text"]!, StringComparison.Ordinal);
        // The job's page showed it waiting in its paused queue, then followed it to completed with no reload.
        var states = report["states"]!.AsArray().Select(s => (string)s!).ToList();
        Assert.Equal(("available", "completed"), (states[0], states[^1]));
        Assert.Equal(0, (int)report["navigations"]!);
        Assert.Equal($"Job {seeded.Discarded}", (string)report["job"]!["heading"]!);
        Assert.Equal(JobState.Completed, (await store.Admin.GetJobAsync(new GetJobRequest { JobId = seeded.Discarded }, CancellationToken.None))?.State);
    }

    [Fact]
    public async Task PauseAndResumeButtons_ShowAndStoreTheQueuesState_WhenClickedOnTheQueuesPage()
    {
        await using var store = await TestStore.CreateAsync();
        await Seeded.IntoAsync(store);
        await using var server = await DashboardServer.StartAsync(store);
        var click = new JsonObject { ["scenario"] = "queue", ["base"] = server.Root.ToString(), ["queue"] = "flaky" };

        var pause = await Browse.RunAsync(click);
        var pausedInStore = await PausedAsync(store, "flaky");
        var resume = await Browse.RunAsync(click);

        Browse.NoErrors(pause);
        Browse.NoErrors(resume);
        Assert.Equal(("active", "paused", "Resume"), ((string)pause["before"]!, (string)pause["after"]!, (string)pause["button"]!));
        Assert.True(pausedInStore);
        Assert.Equal(("paused", "active", "Pause"), ((string)resume["before"]!, (string)resume["after"]!, (string)resume["button"]!));
        Assert.False(await PausedAsync(store, "flaky"));
    }

    private static async Task<bool> PausedAsync(TestStore store, string queue) =>
        (await store.Admin.ListQueuesAsync(new ListQueuesRequest(), CancellationToken.None)).Queues.Single(q => q.Name == queue).Paused;
}
