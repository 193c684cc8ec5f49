using System.Diagnostics;
using System.Globalization;

namespace Conveyor.Bench;

/// <summary>
/// W1 and W4: enqueue the no-op jobs, then time workers draining them, from the first job's start until the store
/// shows every one completed (so batched completions count only once written). When the store can be shared the
/// workers are their own processes (<see cref="DrainWorker"/>), started fresh each run and told to start
/// together, so the peak RSS is a worker's alone. Every run checks that no job ran twice.
/// </summary>
internal static class DrainWorkload
{
    private const int FillBatch = 1_000;
    private const int FillConcurrency = 8;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(15);

    /// <summary>The drain rate, the highest peak RSS of a worker, where the workers ran, and how many runs were duplicates.</summary>
    public sealed record DrainRun(double JobsPerSecond, double PeakRssMb, bool WorkerInOtherProcess, long Duplicates);

    /// <summary>Drains <see cref="BenchSettings.DrainJobs"/> jobs with <paramref name="processes"/> worker processes (one in-process worker if the store cannot be shared).</summary>
    public static async Task<DrainRun> RunAsync(BenchSystem system, BenchSettings settings, int processes, Action<double> progress, CancellationToken ct)
    {
        await using var target = system.Fresh();
        await target.PrepareAsync(ct);
        await FillAsync(target, settings.DrainJobs, ct);
        if (target.Worker is { } launch && settings.WorkerProcess is { } workerProcess)
        {
            var drain = launch.With("--drain", "--workers", settings.DrainWorkers.ToString(CultureInfo.InvariantCulture));
            return await RunInProcessesAsync(target, () => workerProcess(drain), processes, settings.DrainJobs, progress, ct);
        }

        return await RunHereAsync(target, settings.DrainJobs, settings.DrainWorkers, progress, ct);
    }

    /// <summary>Enqueues the jobs as fast as the system allows (not measured): in batches, or concurrently one by one.</summary>
    private static async Task FillAsync(IBenchTarget target, int jobs, CancellationToken ct)
    {
        if (target.HasBulkEnqueue)
        {
            foreach (var batch in Enumerable.Range(0, jobs).Chunk(FillBatch))
            {
                await target.EnqueueNoOpsAsync(batch, ct);
            }

            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = FillConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs), options, async (n, token) => await target.EnqueueNoOpAsync(n, token));
    }

    private static async Task<DrainRun> RunHereAsync(IBenchTarget target, int jobs, int workers, Action<double> progress, CancellationToken ct)
    {
        var log = new ExecutionLog(TimeProvider.System);
        await using var worker = target.CreateDrainWorker(log, workers);
        ProcessMemory.ResetPeak();
        await worker.StartAsync(ct);
        await WaitForDrainAsync(target, jobs, () => log.Count, progress, ct);
        var end = WallClock.Micros(TimeProvider.System);
        await worker.StopAsync(ct);
        return Result(jobs, log.FirstStartedMicros, end, ProcessMemory.PeakMb(), [log.JobIds], workerInOtherProcess: false);
    }

    private static async Task<DrainRun> RunInProcessesAsync(IBenchTarget target, Func<ProcessStartInfo> newProcess, int processes, int jobs, Action<double> progress, CancellationToken ct)
    {
        var ran = new long[processes];
        var results = new string[]?[processes];
        var workers = new List<WorkerProcess>();
        try
        {
            for (var i = 0; i < processes; i++)
            {
                var index = i;
                workers.Add(WorkerProcess.Start(newProcess(), line =>
                {
                    if (WorkerMessages.Fields(line, WorkerMessages.Ran) is [var count])
                    {
                        Interlocked.Exchange(ref ran[index], (long)WorkerMessages.Number(count));
                    }
                    else if (WorkerMessages.Fields(line, WorkerMessages.Drained) is { Length: 3 } fields)
                    {
                        results[index] = fields;
                    }
                }));
            }

            await Task.WhenAll(workers.Select(w => w.WaitReadyAsync(ct)));
            workers.ForEach(w => w.Send(WorkerMessages.Go));
            await WaitForDrainAsync(target, jobs, () => Enumerable.Range(0, processes).Sum(i => Interlocked.Read(ref ran[i])), progress, ct);
            var end = WallClock.Micros(TimeProvider.System);
            await Task.WhenAll(workers.Select(w => w.StopAsync(ct)));
            var reports = results.Select(r => r ?? throw new InvalidOperationException("A drain worker process printed no result.")).ToList();
            return Result(
                jobs,
                reports.Where(r => r[0] != "0").Min(r => (long)WorkerMessages.Number(r[0])),
                end,
                reports.Max(r => WorkerMessages.Number(r[1])),
                [.. reports.Select(r => JobIds(r[2]))],
                workerInOtherProcess: true);
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    /// <summary>Waits until the workers have run <paramref name="jobs"/> jobs, then until the store shows them all completed.</summary>
    private static async Task WaitForDrainAsync(IBenchTarget target, int jobs, Func<long> executed, Action<double> progress, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (executed() < jobs || await target.CountCompletedAsync(ct) < jobs)
        {
            if (deadline.Elapsed > DrainTimeout)
            {
                throw new TimeoutException($"The drain did not finish within {DrainTimeout.TotalMinutes} minutes ({executed()} of {jobs} jobs run).");
            }

            progress(Math.Min(1, (double)executed() / jobs));
            await Task.Delay(executed() < jobs ? 20 : 5, ct);
        }

        progress(1);
    }

    private static DrainRun Result(int jobs, long firstStartedMicros, long endMicros, double peakRssMb, IReadOnlyList<IReadOnlyCollection<long>> jobIds, bool workerInOtherProcess)
    {
        var executions = jobIds.Sum(ids => ids.Count);
        var distinct = jobIds.SelectMany(ids => ids).Distinct().Count();
        if (distinct != jobs)
        {
            throw new InvalidOperationException($"{distinct} distinct jobs ran, but {jobs} were enqueued.");
        }

        var seconds = (endMicros - firstStartedMicros) / 1e6;
        return new DrainRun(jobs / seconds, peakRssMb, workerInOtherProcess, executions - distinct);
    }

    private static long[] JobIds(string text) =>
        text.Length == 0 ? [] : [.. text.Split(',').Select(id => long.Parse(id, CultureInfo.InvariantCulture))];
}
