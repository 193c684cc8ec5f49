using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes.Servers;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Restarts;

/// <summary>
/// A private redis-server SIGKILLed under four workers and a steady producer, then started again from its AOF on the
/// same port. With <c>appendfsync always</c> every write is on disk before its answer: nothing acknowledged may be
/// lost. With <c>everysec</c>, docs/redis.md's bound: a kill may take back only writes acknowledged in the last
/// <see cref="EverysecWindow"/> before it (enqueues, whose jobs are then gone; fetches and completions, whose jobs then
/// run again). Either way the same worker processes must reconnect by themselves and each finish a job begun after the
/// restart, at p99 within 5 s of the server answering again. SQLite has no server to kill: see <see cref="PostgresRestartTests"/>.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class RedisKillTests(ITestOutputHelper output)
{
    /// <summary>
    /// How far back an <c>everysec</c> kill may reach (docs/redis.md): Redis writes the AOF before it answers and a
    /// SIGKILL leaves the written part in the page cache, but while a background fsync runs it holds writes back for up
    /// to 2 s, answering all the while; half a second more for the test's own timing.
    /// </summary>
    private static readonly TimeSpan EverysecWindow = TimeSpan.FromSeconds(2.5);

    [Theory]
    [InlineData("always")]
    [InlineData("everysec")]
    public async Task Workers_LoseOnlyWhatAppendfsyncAllowsAndResumeWithin5s_WhenRedisIsKilled(string appendfsync)
    {
        await using var server = await PrivateRedisServer.StartAsync("--appendonly", "yes", "--appendfsync", appendfsync);
        await using var cluster = await ChaosCluster.CreateAsync(StoreKind.Redis, server.Configuration, RestartSizes.Deadline);

        var run = await RestartRun.RunAsync(cluster, n => StoreOutage.MeasureAsync(n, () => KillAndRestartAsync(server), server.AnswersPingAsync, RestartSizes.Deadline));

        RestartAssert.Holds(output, $"redis-kill-{appendfsync}", StoreKind.Redis, run, lossWindow: appendfsync == "always" ? TimeSpan.Zero : EverysecWindow);
    }

    private static async Task KillAndRestartAsync(PrivateRedisServer server)
    {
        await server.KillAsync();
        await server.RestartAsync();
    }
}
