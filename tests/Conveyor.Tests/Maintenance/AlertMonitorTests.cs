using System.Text;
using System.Text.Json;
using Conveyor.Health;
using Conveyor.Maintenance;
using Conveyor.Runtime;
using Conveyor.Storage;
using Conveyor.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Maintenance;

/// <summary>The leader's alert rounds over a store that keeps the alerts, across a change of leader.</summary>
public sealed class AlertMonitorTests
{
    [Fact]
    public async Task RunOnce_DoesNotFireAgain_WhenANewLeaderFindsTheAlertStillFiring()
    {
        var (store, time) = await ParkedAsync();
        await RoundsAsync(Monitor(store, time), time, 2);
        var fired = Assert.Single(await FiringAsync(store));

        await RoundsAsync(Monitor(store, time), time, 3);

        Assert.Equal(["firing"], await WebhookStatusesAsync(store));
        var still = Assert.Single(await FiringAsync(store));
        Assert.Equal((fired.Id, fired.FiredAt), (still.Id, still.FiredAt));
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromSeconds(1), still.LastSeenAt);
        Assert.Single((await store.ListAlertHistoryAsync(new ListAlertHistoryRequest(), CancellationToken.None)).Alerts);
    }

    [Fact]
    public async Task RunOnce_ResolvesTheStoredAlertOnce_WhenANewLeaderSeesItClear()
    {
        var (store, time) = await ParkedAsync();
        await RoundsAsync(Monitor(store, time), time, 2);
        var parked = (await store.ListJobsAsync(new ListJobsRequest { Queue = "parked" }, CancellationToken.None)).Jobs.Select(j => j.Id).ToList();
        await store.DeleteJobsAsync(new JobIdsRequest { JobIds = parked }, CancellationToken.None);

        await RoundsAsync(Monitor(store, time), time, 4);

        Assert.Equal(["firing", "resolved"], await WebhookStatusesAsync(store));
        Assert.Empty(await FiringAsync(store));
        var alert = Assert.Single((await store.ListAlertHistoryAsync(new ListAlertHistoryRequest(), CancellationToken.None)).Alerts);
        Assert.NotNull(alert.ResolvedAt);
    }

    [Fact]
    public async Task RunOnce_ForgetsAnAlert_WhenAnotherLeaderResolvedIt()
    {
        var (store, time) = await ParkedAsync();
        var first = Monitor(store, time);
        await RoundsAsync(first, time, 2);
        await store.ResolveAlertAsync(new ResolveAlertRequest { Rule = "depth", Subject = "parked", At = time.GetUtcNow() }, CancellationToken.None);
        var parked = (await store.ListJobsAsync(new ListJobsRequest { Queue = "parked" }, CancellationToken.None)).Jobs.Select(j => j.Id).ToList();
        await store.DeleteJobsAsync(new JobIdsRequest { JobIds = parked }, CancellationToken.None);

        await RoundsAsync(first, time, 4);

        Assert.Equal(["firing"], await WebhookStatusesAsync(store));
    }

    /// <summary>A store whose queue <c>parked</c> holds 3 jobs, over the depth of 2 the monitors alert on.</summary>
    private static async Task<(InMemoryJobStore Store, FakeTimeProvider Time)> ParkedAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var store = new InMemoryJobStore(time);
        var jobs = Enumerable.Range(0, 3).Select(_ => new NewJob { Kind = "ping", Queue = "parked", Args = Encoding.UTF8.GetBytes("{}"), MaxAttempts = 1 }).ToList();
        await store.InsertAsync(new InsertJobsRequest { Jobs = jobs }, CancellationToken.None);
        return (store, time);
    }

    /// <summary>A leader's monitor: fires after 2 rounds, resolves after 2, one webhook, whose jobs go to <c>hooks</c>.</summary>
    private static AlertMonitor Monitor(InMemoryJobStore store, FakeTimeProvider time)
    {
        var alerts = new AlertOptions { FireAfter = 2, ResolveAfter = 2, WebhookQueue = "hooks" };
        alerts.Rules.MaxDepth = 2;
        alerts.Rules.Queues["hooks"] = new QueueHealthRules { MaxDepth = 100 };
        alerts.Rules.RequireLiveWorker = false;
        alerts.Webhooks.Add(new Uri("http://127.0.0.1:9/hook"));
        var client = new JobClient(store, new JobRegistry([]), new JobSignal(), time, Options.Create(new ConveyorOptions()));
        return new AlertMonitor(new HealthEvaluator(store, store, store, time), alerts, store, client, time, NullLogger<AlertMonitor>.Instance);
    }

    private static async Task RoundsAsync(AlertMonitor monitor, FakeTimeProvider time, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            await monitor.RunOnceAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<IReadOnlyList<AlertRecord>> FiringAsync(InMemoryJobStore store) =>
        (await store.ListFiringAlertsAsync(new ListFiringAlertsRequest(), CancellationToken.None)).Alerts;

    /// <summary>The status of each webhook job enqueued, oldest first.</summary>
    private static async Task<List<string?>> WebhookStatusesAsync(InMemoryJobStore store) =>
        [.. (await store.ListJobsAsync(new ListJobsRequest { Queue = "hooks" }, CancellationToken.None)).Jobs
            .Reverse()
            .Select(j => JsonDocument.Parse(j.Args).RootElement.GetProperty("alert").GetProperty("status").GetString())];
}
