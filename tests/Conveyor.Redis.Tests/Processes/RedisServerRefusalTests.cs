using Conveyor.Storage;
using Conveyor.Testing.Processes;
using Conveyor.Testing.Processes.Servers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conveyor.Redis.Tests.Processes;

/// <summary>
/// A job host on UseRedis refuses, when it starts, a server that would lose jobs: one with an evicting
/// maxmemory-policy, or with AOF off when durability is required. With AllowUnsafeServer it runs, with a warning.
/// </summary>
public sealed class RedisServerRefusalTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StartAsync_Throws_NamingMaxmemoryPolicy_WhenTheServerEvicts()
    {
        await using var server = await PrivateRedisServer.StartAsync("--maxmemory-policy", "allkeys-lru");
        using var ledger = new LedgerFile();
        using var host = BuildHost(server, ledger, _ => { }, new CapturingLogger());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains($"{server.Port} has maxmemory-policy allkeys-lru", error.Message, StringComparison.Ordinal);
        Assert.Contains("set maxmemory-policy noeviction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_RunsJobsAndLogsAWarning_WhenTheServerEvictsAndUnsafeServersAreAllowed()
    {
        await using var server = await PrivateRedisServer.StartAsync("--maxmemory-policy", "allkeys-lru");
        using var ledger = new LedgerFile();
        var logger = new CapturingLogger();
        using var host = BuildHost(server, ledger, o => o.AllowUnsafeServer = true, logger);

        await host.StartAsync();
        try
        {
            var id = await host.Services.GetRequiredService<IJobClient>().EnqueueAsync(new LedgerJob());
            await WaitUntilCompletedAsync(host.Services.GetRequiredService<IJobAdminStore>(), id);
        }
        finally
        {
            await host.StopAsync();
        }

        var warning = Assert.Single(logger.Entries, e => e.Message.Contains("maxmemory-policy allkeys-lru", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Single(ledger.Executions());
    }

    [Fact]
    public async Task StartAsync_Throws_NamingAppendonly_WhenAofIsOffAndDurabilityIsRequired()
    {
        await using var server = await PrivateRedisServer.StartAsync("--appendonly", "no", "--maxmemory-policy", "noeviction");
        using var ledger = new LedgerFile();
        using var host = BuildHost(server, ledger, o => o.RequireDurability = true, new CapturingLogger());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains($"{server.Port} has appendonly no", error.Message, StringComparison.Ordinal);
        Assert.Contains("RequireDurability", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A host working the default queue on <paramref name="server"/> under a prefix of its own, logging to <paramref name="logger"/>.</summary>
    private static IHost BuildHost(PrivateRedisServer server, LedgerFile ledger, Action<RedisStoreOptions> configure, CapturingLogger logger)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new CapturingLoggerProvider(logger));
        builder.Services.AddSingleton(_ => new Ledger(ledger.Path));
        var prefix = RedisTestServer.NewPrefix();
        builder.Services.AddConveyor(c => c
            .UseRedis(server.Configuration, o =>
            {
                o.Prefix = prefix;
                configure(o);
            })
            .AddHandler<LedgerJobHandler>()
            .Queue(QueueNames.Default, 2)
            .Configure(o => o.PollInterval = TimeSpan.FromMilliseconds(100)));
        return builder.Build();
    }

    private static async Task WaitUntilCompletedAsync(IJobAdminStore admin, long id)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while ((await admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None))?.State != JobState.Completed)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }

    /// <summary>A ledger file in a temporary folder of its own, deleted on dispose.</summary>
    private sealed class LedgerFile : IDisposable
    {
        private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("conveyor-redis-ledger-");

        public string Path => System.IO.Path.Combine(_directory.FullName, "ledger.txt");

        public List<Execution> Executions() => Execution.ReadLedger(Path, lastLineMayBeCut: false);

        public void Dispose() => _directory.Delete(recursive: true);
    }
}
