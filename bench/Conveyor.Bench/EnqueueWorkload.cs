using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Bench;

/// <summary>W2: one producer enqueueing one job per call, each acknowledged (durable) before the next. Jobs per second.</summary>
internal static class EnqueueWorkload
{
    public static async Task<double> RunAsync(BenchStore store, int jobs, Action<double> progress, CancellationToken ct)
    {
        var target = store.Fresh();
        try
        {
            using var host = BenchHost.Build(target, _ => { });
            await BenchHost.MigrateAsync(host, ct);
            var client = host.Services.GetRequiredService<IJobClient>();
            var options = new EnqueueOptions { Queue = "bench" };
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < jobs; i++)
            {
                await client.EnqueueAsync(new NoOpJob(i), options, ct);
                if (i % 250 == 0)
                {
                    progress((double)i / jobs);
                }
            }

            var elapsed = clock.Elapsed;
            progress(1);
            return jobs / elapsed.TotalSeconds;
        }
        finally
        {
            target.Cleanup();
        }
    }
}
