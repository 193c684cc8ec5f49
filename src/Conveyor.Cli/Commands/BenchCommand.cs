using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Conveyor.Bench;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary>
/// <c>conveyor bench [--runs 3] [--peer hangfire-postgres|hangfire-redis] [--json]</c>: W1 drain, W2 enqueue (one by one and in
/// batches), W3 pickup latency, W4 drain by 1, 2 and 4 worker processes with a duplicate check, worker peak RSS;
/// medians of the runs. Workers run in their own processes wherever the store can be shared. Each run uses a
/// fresh store (see <see cref="BenchSystems"/>); a peer is measured the same way in the same session.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var runs = new Option<int>("--runs") { Description = "Runs of each workload; figures are medians.", DefaultValueFactory = _ => 3 };
        var jobs = new Option<int>("--jobs") { Description = "W1/W4: jobs to drain.", DefaultValueFactory = _ => 20_000 };
        var workers = new Option<int>("--workers") { Description = "W1/W4: each worker's concurrent jobs.", DefaultValueFactory = _ => 100 };
        var peer = new Option<string?>("--peer") { Description = $"Also measure a peer the same way: {BenchSystems.HangfirePostgres} (needs a postgres store) or {BenchSystems.HangfireRedis} (needs a redis store)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a markdown table." };
        var command = new Command("bench", "Measure throughput and latency on a store (build with -c Release).") { runs, jobs, workers, peer, json };
        command.SetAction(async (result, ct) =>
        {
            var spec = StoreSpec.Parse(result.GetValue(store));
            var peers = BenchSystems.Peers(result.GetValue(peer), spec);
            var settings = new BenchSettings
            {
                Runs = Positive(result.GetValue(runs), "--runs"),
                DrainJobs = Positive(result.GetValue(jobs), "--jobs"),
                DrainWorkers = Positive(result.GetValue(workers), "--workers"),
                WorkerProcess = WorkerProcess,
            };
            var benchResult = await RunAsync(cli, BenchSystems.Conveyor(spec), settings, ct);
            var peerResults = new List<BenchResult>();
            foreach (var system in peers)
            {
                peerResults.Add(await RunAsync(cli, system, settings, ct));
            }

            benchResult = benchResult with { Peers = peers.Count > 0 ? peerResults : null };
            cli.OutWriter.WriteLine(result.GetValue(json) ? JsonSerializer.Serialize(benchResult) : benchResult.ToMarkdown());
            return 0;
        });
        return command;
    }

    /// <summary><c>conveyor bench-worker</c> (hidden): the worker process of W1/W4 (<c>--drain</c>) and W3.</summary>
    public static Command CreateWorker(CliContext cli, Option<string> store)
    {
        var drain = new Option<bool>("--drain") { Description = "W1/W4: drain jobs on the benchmark's word, report them, exit when input closes." };
        var workers = new Option<int>("--workers") { Description = "W1/W4: the worker's concurrent jobs.", DefaultValueFactory = _ => 100 };
        var peer = new Option<string?>("--peer") { Description = "Run the peer's worker instead of Conveyor's." };
        var pollMs = new Option<int?>("--poll-ms") { Description = "The peer's queue poll interval (ms); its default when absent." };
        var command = new Command("bench-worker", "The benchmark's worker process (W1/W4 drain, W3 latency).") { drain, workers, peer, pollMs };
        command.Hidden = true;
        command.SetAction(async (result, ct) =>
        {
            var poll = result.GetValue(pollMs) is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
            await using var target = BenchSystems.Attach(StoreSpec.Parse(result.GetValue(store)), result.GetValue(peer), poll);
            if (result.GetValue(drain))
            {
                await DrainWorker.RunAsync(target, Positive(result.GetValue(workers), "--workers"), Console.In, cli.OutWriter, ct);
            }
            else
            {
                await LatencyWorker.RunAsync(target, Console.In, cli.OutWriter, ct);
            }

            return 0;
        });
        return command;
    }

    private static async Task<BenchResult> RunAsync(CliContext cli, BenchSystem system, BenchSettings settings, CancellationToken ct)
    {
        if (!cli.Interactive)
        {
            return await BenchRunner.RunAsync(system, settings, (_, _) => { }, ct);
        }

        BenchResult? result = null;
        await cli.Out.Progress().StartAsync(async progress =>
        {
            ProgressTask? task = null;
            result = await BenchRunner.RunAsync(system, settings, (name, fraction) =>
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

    /// <summary>Starts this same program as <c>bench-worker</c>: the launch's arguments on its command line, its store in <c>CONVEYOR_STORE</c>.</summary>
    private static ProcessStartInfo WorkerProcess(WorkerLaunch launch)
    {
        var start = Assembly.GetEntryAssembly() == typeof(BenchCommand).Assembly ? ThisProgram() : UnderHost();
        start.ArgumentList.Add("bench-worker");
        foreach (var argument in launch.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Not on the command line, which every user of the machine can read in the process list.
        start.Environment[StoreSpec.EnvironmentVariable] = launch.Store;
        return start;
    }

    /// <summary>This program again: its apphost (the <c>conveyor</c> tool), or <c>dotnet</c> with its assembly.</summary>
    private static ProcessStartInfo ThisProgram()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        }

        return start;
    }

    /// <summary>
    /// This assembly run by <c>dotnet</c> when the CLI runs inside another program (a test host): with that program's
    /// dependencies and runtime, since it may take some of them from a shared framework rather than its folder.
    /// </summary>
    private static ProcessStartInfo UnderHost()
    {
        var deps = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';')[0]
            ?? throw new InvalidOperationException("The program hosting the CLI has no dependencies file to start bench workers with.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        foreach (var argument in new[] { "exec", "--depsfile", deps, "--runtimeconfig", deps.Replace(".deps.json", ".runtimeconfig.json", StringComparison.Ordinal) })
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        return start;
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new CliException($"{option} must be a positive number (was {value}).");
}
