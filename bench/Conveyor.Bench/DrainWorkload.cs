using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Conveyor.Bench;

/// <summary>
/// W1: enqueue <c>jobs</c> no-op jobs, then time one worker draining them until the store shows every one
/// completed (so batched completions count only once written). When the store can be shared the worker is its
/// own process (<see cref="DrainWorker"/>), so its peak RSS is the worker's alone.
/// </summary>
internal static class DrainWorkload
{
    /// <summary>The drain rate, the worker's peak RSS, and where the worker ran.</summary>
    public sealed record DrainRun(double JobsPerSecond, double PeakRssMb, bool WorkerInOtherProcess);

    public static async Task<DrainRun> RunAsync(
        BenchStore store, int jobs, int workers, Func<string, IReadOnlyList<string>, ProcessStartInfo>? workerProcess, Action<double> progress, CancellationToken ct)
    {
        var target = store.Fresh();
        try
        {
            var remote = target.StoreArgument is not null && workerProcess is not null;
            using var host = BenchHost.Build(target, c => { if (!remote) { DrainWorker.Configure(c, workers); } });
            await BenchHost.MigrateAsync(host, ct);
            var client = host.Services.GetRequiredService<IJobClient>();
            foreach (var chunk in Enumerable.Range(0, jobs).Chunk(1000))
            {
                await client.EnqueueManyAsync(chunk.Select(i => new NoOpJob(i)), new EnqueueOptions { Queue = DrainWorker.Queue }, ct);
            }

            return remote
                ? await RunInProcessAsync(workerProcess!(target.StoreArgument!, ["--drain", Text(jobs), "--workers", Text(workers)]), progress, ct)
                : await RunHereAsync(host, jobs, progress, ct);
        }
        finally
        {
            target.Cleanup();
        }
    }

    private static async Task<DrainRun> RunHereAsync(IHost host, int jobs, Action<double> progress, CancellationToken ct)
    {
        ProcessMemory.ResetPeak();
        var elapsed = await DrainWorker.DrainAsync(host, jobs, progress, ct);
        return new DrainRun(jobs / elapsed.TotalSeconds, ProcessMemory.PeakMb(), WorkerInOtherProcess: false);
    }

    private static async Task<DrainRun> RunInProcessAsync(ProcessStartInfo start, Action<double> progress, CancellationToken ct)
    {
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the worker process {start.FileName}.");
        try
        {
            var output = await process.StandardOutput.ReadToEndAsync(ct).WaitAsync(TimeSpan.FromMinutes(5), ct);
            await process.WaitForExitAsync(ct);
            progress(1);
            var result = DrainWorker.ParseResult(output);
            return result with { WorkerInOtherProcess = true };
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
