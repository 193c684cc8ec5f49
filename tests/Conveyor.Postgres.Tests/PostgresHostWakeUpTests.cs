using System.Diagnostics;

namespace Conveyor.Postgres.Tests;

/// <summary>
/// A real host on <c>UsePostgres</c> picking up a job another process enqueued: woken by NOTIFY when listening, found by
/// its poll loop when notifications are off (as behind PgBouncer in transaction mode).
/// </summary>
public sealed class PostgresHostWakeUpTests
{
    [Fact]
    public async Task Host_StartsAnotherProcesssJobAtOnce_WhenListening()
    {
        await using var db = new TestDatabase();
        await using var host = await StartHostAsync(db, notifications: true, pollInterval: TimeSpan.FromMinutes(5));
        var started = Stopwatch.StartNew();

        var id = (await db.Open().InsertAsync(Job()))[0];

        await host.WaitForStateAsync(id, JobState.Completed);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), "Only a notification can wake a producer polling every five minutes.");
    }

    [Fact]
    public async Task Host_StillRunsAnotherProcesssJob_ByPolling_WhenNotificationsAreOff()
    {
        await using var db = new TestDatabase();
        await using var host = await StartHostAsync(db, notifications: false, pollInterval: TimeSpan.FromMilliseconds(200));

        var id = (await db.Open().InsertAsync(Job()))[0];

        await host.WaitForStateAsync(id, JobState.Completed);
        Assert.Equal(0L, await db.CountListenersAsync());
    }

    /// <summary>A job enqueued straight through another store instance, so no in-process signal wakes the host.</summary>
    private static Storage.NewJob Job() => TestDatabase.Job() with { Kind = Nap.Kind };

    private static Task<RunningHost> StartHostAsync(TestDatabase db, bool notifications, TimeSpan pollInterval) =>
        RunningHost.StartAsync(c => c
            .UsePostgres(TestDatabase.ConnectionString, o =>
            {
                o.Schema = db.Schema;
                o.Notifications = notifications;
            })
            .AddHandler<NapHandler>()
            .Queue("default", 2)
            .Configure(o =>
            {
                o.PollInterval = pollInterval;
                o.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
            }));

    public sealed record Nap(int N) : IJobArgs
    {
        public static string Kind => "postgres_nap";
    }

    public sealed class NapHandler : IJobHandler<Nap>
    {
        public Task HandleAsync(Nap args, JobContext context, CancellationToken ct) => Task.CompletedTask;
    }
}
