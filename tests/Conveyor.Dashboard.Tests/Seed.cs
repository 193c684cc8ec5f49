using System.Text;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Tests;

/// <summary>
/// One job in every state, put there through the store and client APIs, plus a minute of statistics, a node, a schedule,
/// an alert that fired and resolved and one still firing.
/// </summary>
internal sealed record Seeded(long Available, long Scheduled, long Running, long Retryable, long Completed, long Discarded, long Cancelled)
{
    public const string Script = "<script>alert(1)</script>";
    public const string Owner = "test-node";

    public static async Task<Seeded> IntoAsync(TestStore store)
    {
        var ct = CancellationToken.None;
        var now = TimeProvider.System.GetUtcNow();
        var available = await store.Client.EnqueueRawAsync("echo", Args("""{"n":1}"""), new EnqueueOptions { Queue = "default" }, ct);
        var scheduled = await store.Client.EnqueueRawAsync("echo", Args("""{"n":2}"""), new EnqueueOptions { Queue = "default", ScheduledAt = now.AddHours(1) }, ct);
        var running = await FetchedAsync(store, "busy", """{"n":3}""");
        var retryable = await FetchedAsync(store, "flaky", """{"n":4}""");
        var completed = await FetchedAsync(store, "done", """{"n":5}""");
        var discarded = await FetchedAsync(store, "dead", $$"""{"note":"{{Script}}"}""");
        var cancelled = await store.Client.EnqueueRawAsync("echo", Args("""{"n":7}"""), new EnqueueOptions { Queue = "default" }, ct);
        await store.Admin.CancelJobsAsync(new JobIdsRequest { JobIds = [cancelled] }, ct);
        await store.Jobs.CompleteAsync(
            new CompleteJobsRequest
            {
                Completions =
                [
                    Completion(retryable, CompletionKind.Retry, now) with { ScheduledAt = now.AddHours(1), Error = Error("System.TimeoutException", "slow") },
                    Completion(completed, CompletionKind.Completed, now) with { Result = Args("""{"sent":true}""") },
                    Completion(discarded, CompletionKind.Discard, now) with { Error = Error("System.InvalidOperationException", $"boom {Script}") },
                ],
            },
            ct);
        await store.Stats.RecordStatsAsync(new RecordStatsRequest { Minutes = [Minute(now)] }, ct);
        await store.Jobs.RecordHeartbeatAsync(
            new NodeHeartbeatRequest { Node = new NodeInfo { Id = Owner, Host = "host-1", ProcessId = 42, Queues = "default=3,busy=1", StartedAt = now.AddMinutes(-5), Busy = 1, Version = "0.1.0" } },
            ct);
        await store.Schedules.SaveSchedulesAsync(
            new SaveSchedulesRequest
            {
                Schedules = [new ScheduleDefinition { Name = "nightly", Kind = "echo", Queue = "default", Args = Args("""{"n":8}"""), Cron = "0 3 * * *", TimeZone = "UTC", Misfire = MisfirePolicy.Skip, MaxAttempts = 3 }],
            },
            ct);
        await AlertsAsync(store, now);
        return new Seeded(available, scheduled, running, retryable, completed, discarded, cancelled);
    }

    /// <summary>The stored minute: 10 attempts, 2 failed, 1 discarded; 8 took up to 5 ms, 2 up to 250 ms; depth 3.</summary>
    public static QueueMinute Minute(DateTimeOffset now)
    {
        var durations = new long[DurationBuckets.Count];
        durations[DurationBuckets.IndexOf(TimeSpan.FromMilliseconds(5))] = 8;
        durations[DurationBuckets.IndexOf(TimeSpan.FromMilliseconds(250))] = 2;
        return new QueueMinute { Queue = "default", Minute = QueueMinute.StartOf(now), Processed = 10, Failed = 2, Discarded = 1, Durations = durations, Depth = 3 };
    }

    /// <summary>A degraded alert on queue flaky that fired 2 hours ago and resolved 40 minutes later, and one on queue dead firing for 10 minutes.</summary>
    private static async Task AlertsAsync(TestStore store, DateTimeOffset now)
    {
        var ct = CancellationToken.None;
        await store.Alerts.FireAlertAsync(
            new FireAlertRequest { Rule = "error_rate", Subject = "flaky", Severity = "degraded", Message = "Queue flaky failed 30% of its attempts in the last 5 minutes, over 10%.", At = now.AddHours(-2) },
            ct);
        await store.Alerts.ResolveAlertAsync(new ResolveAlertRequest { Rule = "error_rate", Subject = "flaky", At = now.AddMinutes(-80) }, ct);
        await store.Alerts.FireAlertAsync(
            new FireAlertRequest { Rule = "dead_letters", Subject = "dead", Severity = "unhealthy", Message = "Queue dead got 1 dead letter in the last 5 minutes, over 0.", At = now.AddMinutes(-10) },
            ct);
    }

    public static byte[] Args(string json) => Encoding.UTF8.GetBytes(json);

    private static async Task<long> FetchedAsync(TestStore store, string queue, string args)
    {
        var id = await store.Client.EnqueueRawAsync("echo", Args(args), new EnqueueOptions { Queue = queue }, CancellationToken.None);
        var fetched = await store.Jobs.FetchAsync(new FetchJobsRequest { Queue = queue, Limit = 1, Owner = Owner, LeaseDuration = TimeSpan.FromMinutes(10) }, CancellationToken.None);
        Assert.Equal(id, Assert.Single(fetched.Jobs).Id);
        return id;
    }

    private static JobCompletion Completion(long id, CompletionKind kind, DateTimeOffset now) =>
        new() { JobId = id, Attempt = 1, LeaseOwner = Owner, Kind = kind, DecidedAt = now };

    private static AttemptError Error(string type, string message) =>
        new(TimeProvider.System.GetUtcNow(), 1, type, message, "   at Worker.Run()\n   at Worker.Main()", Owner, 12.5);
}
