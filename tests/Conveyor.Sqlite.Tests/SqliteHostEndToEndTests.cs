using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conveyor.Sqlite.Tests;

/// <summary>A real generic host on a SQLite file, through <c>UseSqlite</c>, with real time.</summary>
public sealed class SqliteHostEndToEndTests
{
    [Fact]
    public async Task Host_CompletesEveryJob_WhenTwoHundredAreEnqueued()
    {
        const int Jobs = 200;
        using var db = new TempDatabase();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var runs = new ConcurrentDictionary<long, int>();
        builder.Services.AddSingleton(runs);
        builder.Services.AddConveyor(c => c
            .UseSqlite(db.Path)
            .AddHandler<TallyHandler>()
            .Queue("default", 4)
            .Configure(o => o.PollInterval = TimeSpan.FromMilliseconds(50)));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<IJobClient>();
            var admin = host.Services.GetRequiredService<Storage.IJobAdminStore>();

            var ids = await client.EnqueueManyAsync(Enumerable.Range(0, Jobs).Select(n => new Tally(n)));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await admin.CountAsync(JobState.Completed) < Jobs)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
            }

            Assert.Equal(Jobs, await admin.CountAsync());
            Assert.Equal(ids.Order(), runs.Keys.Order());
            Assert.All(runs.Values, count => Assert.Equal(1, count));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public sealed record Tally(int N) : IJobArgs
    {
        public static string Kind => "sqlite_tally";
    }

    public sealed class TallyHandler(ConcurrentDictionary<long, int> runs) : IJobHandler<Tally>
    {
        public Task HandleAsync(Tally args, JobContext context, CancellationToken ct)
        {
            runs.AddOrUpdate(context.Id, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }
}
