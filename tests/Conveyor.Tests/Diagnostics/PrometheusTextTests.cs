using System.Globalization;
using System.Text.RegularExpressions;
using Conveyor.Diagnostics;
using Conveyor.Tests.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Tests.Diagnostics;

public sealed class PrometheusTextTests
{
    [Fact]
    public async Task AKnownWorkload_ShowsInTheExposition_CountedByQueueKindAndOutcome()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 4));
        using var prometheus = new PrometheusText(host.Host.Services.GetRequiredService<ConveyorMetrics>());
        host.Probe.Behaviour = (ctx, _) =>
        {
            if (ctx.Id == 3)
            {
                ctx.Discard("bad input");
            }

            return Task.CompletedTask;
        };

        var ids = await host.Client.EnqueueManyAsync(Enumerable.Range(1, 6).Select(n => new Ping(n)));
        foreach (var id in ids)
        {
            await host.WaitForAsync(id, JobState.Completed, JobState.Discarded);
        }

        var text = await WaitForAsync(prometheus, "conveyor_queue_depth{queue=\"default\",state=\"completed\"} 5");

        Assert.Contains("# TYPE conveyor_jobs_enqueued_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("conveyor_jobs_enqueued_total{kind=\"ping\",queue=\"default\"} 6\n", text, StringComparison.Ordinal);
        Assert.Contains("conveyor_jobs_processed_total{kind=\"ping\",outcome=\"completed\",queue=\"default\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("conveyor_jobs_processed_total{kind=\"ping\",outcome=\"discarded\",queue=\"default\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("conveyor_jobs_discarded_total{kind=\"ping\",queue=\"default\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("conveyor_jobs_failed_total{kind=\"ping\",queue=\"default\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("conveyor_jobs_retried_total", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE conveyor_job_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("conveyor_job_duration_seconds_bucket{kind=\"ping\",outcome=\"completed\",queue=\"default\",le=\"+Inf\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("conveyor_job_duration_seconds_count{kind=\"ping\",outcome=\"completed\",queue=\"default\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("conveyor_job_wait_seconds_count{kind=\"ping\",queue=\"default\"} 6\n", text, StringComparison.Ordinal);
        Assert.Contains("conveyor_queue_depth{queue=\"default\",state=\"discarded\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("conveyor_workers_active{queue=\"default\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("conveyor_workers_idle{queue=\"default\"} 4\n", text, StringComparison.Ordinal);
        Assert.Matches(@"conveyor_process_memory_bytes [1-9][0-9]+\n", text);
    }

    [Fact]
    public async Task EachNodesExposition_CountsOnlyItsOwnJobs()
    {
        await using var first = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1));
        await using var second = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1));
        using var prometheus = new PrometheusText(first.Host.Services.GetRequiredService<ConveyorMetrics>());

        await first.WaitForAsync(await first.Client.EnqueueAsync(new Ping(1)), JobState.Completed);
        await second.WaitForAsync(await second.Client.EnqueueAsync(new Ping(2)), JobState.Completed);

        Assert.Contains("conveyor_jobs_processed_total{kind=\"ping\",outcome=\"completed\",queue=\"default\"} 1\n", prometheus.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueueLatency_IsHowLongTheNextJobHasWaited_AndZeroForAQueueWithNoneWaiting()
    {
        await using var host = await TestHost.StartAsync(c => c.AddHandler<PingHandler>().Queue("default", 1));
        using var prometheus = new PrometheusText(host.Host.Services.GetRequiredService<ConveyorMetrics>());
        await host.WaitForAsync(await host.Client.EnqueueAsync(new Ping(1)), JobState.Completed);
        var enqueuedAt = TimeProvider.System.GetTimestamp();
        await host.Client.EnqueueAsync(new Ping(2), new EnqueueOptions { Queue = "unworked" });

        var text = await WaitForAsync(prometheus, "conveyor_queue_latency_seconds{queue=\"unworked\"} ");
        var waited = TimeProvider.System.GetElapsedTime(enqueuedAt).TotalSeconds;

        Assert.Contains("# TYPE conveyor_queue_latency_seconds gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("conveyor_queue_latency_seconds{queue=\"default\"} 0\n", text, StringComparison.Ordinal);
        var latency = double.Parse(Regex.Match(text, "conveyor_queue_latency_seconds\\{queue=\"unworked\"\\} (\\S+)\n").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(latency, double.Epsilon, waited);
    }

    private static async Task<string> WaitForAsync(PrometheusText prometheus, string line)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var text = prometheus.ToString();
            if (text.Contains(line, StringComparison.Ordinal))
            {
                return text;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
