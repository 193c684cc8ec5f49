using System.Diagnostics;

namespace Conveyor.Bench;

/// <summary>
/// W2: one producer enqueueing one job per call, each acknowledged (committed) before the next; and W2 bulk:
/// the same producer enqueueing batches in one call each (<c>EnqueueManyAsync</c>). Jobs per second.
/// </summary>
internal static class EnqueueWorkload
{
    public static async Task<double> RunAsync(BenchSystem system, BenchSettings settings, Action<double> progress, CancellationToken ct)
    {
        await using var target = system.Fresh();
        await target.PrepareAsync(ct);
        var jobs = settings.EnqueueJobs;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < jobs; i++)
        {
            await target.EnqueueNoOpAsync(i, ct);
            if (i % 250 == 0)
            {
                progress((double)i / jobs);
            }
        }

        return Rate(jobs, clock, progress);
    }

    /// <summary>W2 bulk, or null when the system has no bulk enqueue.</summary>
    public static async Task<double?> RunBulkAsync(BenchSystem system, BenchSettings settings, Action<double> progress, CancellationToken ct)
    {
        await using var target = system.Fresh();
        if (!target.HasBulkEnqueue)
        {
            return null;
        }

        await target.PrepareAsync(ct);
        var batches = Enumerable.Range(0, settings.BulkJobs).Chunk(settings.BulkBatchSize).ToList();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < batches.Count; i++)
        {
            await target.EnqueueNoOpsAsync(batches[i], ct);
            progress((double)i / batches.Count);
        }

        return Rate(settings.BulkJobs, clock, progress);
    }

    private static double Rate(int jobs, Stopwatch clock, Action<double> progress)
    {
        var elapsed = clock.Elapsed;
        progress(1);
        return jobs / elapsed.TotalSeconds;
    }
}
