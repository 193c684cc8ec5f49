using Conveyor.Storage;
using Conveyor.Tests.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Tests.Diagnostics;

public sealed class StatsHistoryTests
{
    [Fact]
    public async Task EveryNodesAttempts_AddUpInTheStoresMinutes_WithTheLeadersDepth()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 2));
        host.Probe.Behaviour = (ctx, _) =>
        {
            if (ctx.Id == 2)
            {
                ctx.Discard("bad input");
            }

            return Task.CompletedTask;
        };

        foreach (var id in await host.Client.EnqueueManyAsync(Enumerable.Range(1, 6).Select(n => new Ping(n))))
        {
            await host.WaitForAsync(id, JobState.Completed, JobState.Discarded);
        }

        var stats = host.Host.Services.GetRequiredService<IJobStore>() as IStatsStore;
        Assert.NotNull(stats);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        IReadOnlyList<QueueMinute> minutes;
        do
        {
            await Task.Delay(20, timeout.Token);
            minutes = (await stats.ListStatsAsync(new ListStatsRequest { Since = DateTimeOffset.MinValue, Queue = "default" }, timeout.Token)).Minutes;
        }
        while (minutes.Sum(m => m.Processed) < 6 || minutes.All(m => m.Depth is null));

        Assert.Equal((6L, 1L, 1L), (minutes.Sum(m => m.Processed), minutes.Sum(m => m.Failed), minutes.Sum(m => m.Discarded)));
        Assert.Equal(6, minutes.Sum(m => m.Durations.Sum()));
        Assert.Equal(0, minutes.Last(m => m.Depth is not null).Depth);
    }

    [Theory]
    [InlineData(new long[] { 0, 0, 0 }, 0.5, null)]
    [InlineData(new long[] { 10, 0, 0 }, 0.99, 1.0)]
    [InlineData(new long[] { 50, 0, 49, 1 }, 0.5, 1.0)]
    [InlineData(new long[] { 50, 0, 49, 1 }, 0.95, 5.0)]
    [InlineData(new long[] { 50, 0, 49, 1 }, 0.999, 10.0)]
    public void Percentile_IsTheUpperBoundOfItsBucket(long[] head, double percentile, double? expected)
    {
        var counts = new long[DurationBuckets.Count];
        head.CopyTo(counts, 0);

        Assert.Equal(expected, DurationBuckets.Percentile(counts, percentile));
    }
}
