using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Conveyor.Bench;

/// <summary>
/// W1: enqueue <c>jobs</c> no-op jobs, then time one worker draining them until the store shows every one
/// completed (so batched completions count only once written). Result in jobs per second.
/// </summary>
internal static class DrainWorkload
{
    public static async Task<double> RunAsync(BenchStore store, int jobs, int workers, Action<double> progress, CancellationToken ct)
    {
        var target = store.Fresh();
        try
        {
            using var host = BenchHost.Build(target, c => c.Queue("bench", workers).Configure(o => o.PollInterval = TimeSpan.FromMilliseconds(50)));
            await BenchHost.MigrateAsync(host, ct);
            var client = host.Services.GetRequiredService<IJobClient>();
            foreach (var chunk in Enumerable.Range(0, jobs).Chunk(1000))
            {
                await client.EnqueueManyAsync(chunk.Select(i => new NoOpJob(i)), new EnqueueOptions { Queue = "bench" }, ct);
            }

            var counter = host.Services.GetRequiredService<NoOpCounter>();
            var clock = Stopwatch.StartNew();
            await host.StartAsync(ct);
            while (counter.Count < jobs)
            {
                progress((double)counter.Count / jobs);
                await Task.Delay(20, ct);
            }

            await BenchHost.WaitForCompletedAsync(host, jobs, ct);
            var elapsed = clock.Elapsed;
            progress(1);
            await host.StopAsync(ct);
            return jobs / elapsed.TotalSeconds;
        }
        finally
        {
            target.Cleanup();
        }
    }
}
