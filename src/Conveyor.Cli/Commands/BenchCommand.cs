using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Conveyor.Bench;
using Conveyor.Testing;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary>
/// <c>conveyor bench [--runs 3] [--json]</c>: W1 drain, W2 enqueue rate, W3 pickup latency (worker in another
/// process for SQLite), worker peak RSS; medians of the runs. Each run uses a fresh store beside <c>--store</c>'s path.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var runs = new Option<int>("--runs") { Description = "Runs of each workload; figures are medians.", DefaultValueFactory = _ => 3 };
        var jobs = new Option<int>("--jobs") { Description = "W1: jobs to drain.", DefaultValueFactory = _ => 20_000 };
        var workers = new Option<int>("--workers") { Description = "W1: the worker's concurrent jobs.", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a markdown table." };
        var command = new Command("bench", "Measure throughput and latency on a store (build with -c Release).") { runs, jobs, workers, json };
        command.SetAction(async (result, ct) =>
        {
            var spec = StoreSpec.Parse(result.GetValue(store));
            var settings = new BenchSettings
            {
                Runs = Positive(result.GetValue(runs), "--runs"),
                DrainJobs = Positive(result.GetValue(jobs), "--jobs"),
                DrainWorkers = Positive(result.GetValue(workers), "--workers"),
                WorkerProcess = WorkerProcess,
            };
            var benchResult = await RunAsync(cli, Target(spec), settings, ct);
            if (result.GetValue(json))
            {
                cli.OutWriter.WriteLine(JsonSerializer.Serialize(benchResult));
            }
            else
            {
                cli.OutWriter.WriteLine(benchResult.ToMarkdown());
            }

            return 0;
        });
        return command;
    }

    /// <summary><c>conveyor bench-worker</c> (hidden): the W3 worker process.</summary>
    public static Command CreateWorker(CliContext cli, Option<string> store)
    {
        var drain = new Option<int>("--drain") { Description = "W1: drain this many jobs, print the rate and peak RSS, exit." };
        var workers = new Option<int>("--workers") { Description = "W1: the worker's concurrent jobs.", DefaultValueFactory = _ => 100 };
        var command = new Command("bench-worker", "The benchmark's worker process (W1 drain, W3 latency).") { drain, workers };
        command.Hidden = true;
        command.SetAction(async (result, ct) =>
        {
            var spec = StoreSpec.Parse(result.GetValue(store));
            if (result.GetValue(drain) is > 0 and var jobs)
            {
                await DrainWorker.RunAsync(c => spec.Apply(c), jobs, Positive(result.GetValue(workers), "--workers"), cli.OutWriter, ct);
            }
            else
            {
                await LatencyWorker.RunAsync(c => spec.Apply(c), Console.In, cli.OutWriter, ct);
            }

            return 0;
        });
        return command;
    }

    private static async Task<BenchResult> RunAsync(CliContext cli, BenchStore target, BenchSettings settings, CancellationToken ct)
    {
        if (!cli.Interactive)
        {
            return await BenchRunner.RunAsync(target, settings, (_, _) => { }, ct);
        }

        BenchResult? result = null;
        await cli.Out.Progress().StartAsync(async progress =>
        {
            ProgressTask? task = null;
            result = await BenchRunner.RunAsync(target, settings, (name, fraction) =>
            {
                if (task?.Description != name)
                {
                    task?.StopTask();
                    task = progress.AddTask(Markup.Escape(name), maxValue: 1);
                }

                task.Value = fraction;
            }, ct);
            task?.StopTask();
        });
        return result!;
    }

    private static BenchStore Target(StoreSpec spec)
    {
        if (!spec.IsSqlite)
        {
            return new BenchStore("memory", () =>
            {
                var memory = new InMemoryJobStore(TimeProvider.System);
                return new BenchTarget(c => c.UseStore(_ => memory), StoreArgument: null, Cleanup: () => { });
            });
        }

        var run = 0;
        return new BenchStore("sqlite", () =>
        {
            var path = Path.ChangeExtension(spec.FullPath, $".bench{Interlocked.Increment(ref run)}.db");
            return new BenchTarget(c => c.UseSqlite(path), $"sqlite:{path}", () => DeleteDatabase(path));
        });
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>Starts this same program as <c>bench-worker</c> on the given store.</summary>
    private static ProcessStartInfo WorkerProcess(string storeArgument, IReadOnlyList<string> arguments)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add("bench-worker");
        start.ArgumentList.Add("--store");
        start.ArgumentList.Add(storeArgument);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new CliException($"{option} must be a positive number (was {value}).");
}
