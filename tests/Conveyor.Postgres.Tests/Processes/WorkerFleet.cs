using Conveyor.Testing.Processes;
using Npgsql;

namespace Conveyor.Postgres.Tests.Processes;

/// <summary>
/// The worker processes of one test, their ledgers in a temporary folder, and waits that fail with every worker's
/// output. Disposing it kills whatever still runs and removes the folder.
/// </summary>
internal sealed class WorkerFleet : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("conveyor-pg-workers-");
    private readonly List<WorkerProcess> _workers = [];
    private readonly TimeSpan _deadline;

    /// <param name="deadline">How long any one wait may take before the test fails: a hang guard, not a speed check.</param>
    public WorkerFleet(TimeSpan deadline) => _deadline = deadline;

    /// <summary>Every worker started so far, killed ones included.</summary>
    public IReadOnlyList<WorkerProcess> Workers => _workers;

    /// <summary>The PIDs of the workers the test killed.</summary>
    public HashSet<int> KilledPids => [.. _workers.Where(w => w.Killed).Select(w => w.Pid)];

    /// <summary>Starts a Conveyor.Postgres.TestWorker process with its own ledger.</summary>
    public WorkerProcess Start(WorkerOptions options)
    {
        var ledger = Path.Combine(_directory.FullName, $"ledger-{_workers.Count}.txt");
        var worker = WorkerProcess.Start(WorkerProcess.BuiltWorker(typeof(WorkerFleet).Assembly, "PostgresTestWorkerPath"), ledger, options.ToArguments(ledger));
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Starts <paramref name="count"/> workers alike, each with its own ledger.</summary>
    public void Start(int count, WorkerOptions options)
    {
        for (var i = 0; i < count; i++)
        {
            Start(options);
        }
    }

    /// <summary>Every execution in every ledger.</summary>
    public List<Execution> Executions() => [.. _workers.SelectMany(w => w.Executions())];

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds. A database error counts as "not yet" (the server may be
    /// restarting) and is reported if the deadline passes; so is a worker that exits without being killed.
    /// </summary>
    public async Task WaitUntilAsync(string what, Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(_deadline);
        Exception? lastError = null;
        while (true)
        {
            Assert.False(_workers.Any(w => w.HasExited && !w.Killed), $"A worker exited while waiting until {what}.\n{Output}");
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (NpgsqlException ex)
            {
                lastError = ex;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after {_deadline} waiting until {what}. Last database error: {lastError?.Message ?? "none"}.\n{Output}");
            }
        }
    }

    /// <summary>Stops every live worker through its standard input; fails if one does not exit cleanly.</summary>
    public async Task StopAllAsync()
    {
        foreach (var worker in _workers.Where(w => !w.Killed))
        {
            Assert.True(await worker.StopAsync(TimeSpan.FromSeconds(15)), $"Worker {worker.Pid} did not stop cleanly.\n{worker.Output}");
        }
    }

    /// <summary>Every worker's output, for failure messages.</summary>
    public string Output => string.Join("\n", _workers.Select(w => $"worker {w}:\n{w.Output}"));

    /// <summary>How many executions each worker's ledger holds, for the test's output.</summary>
    public string ExecutionsPerWorker() => "executions per worker: " + string.Join(", ", _workers.Select(w => $"{w}={w.Executions().Count}"));

    public void Dispose()
    {
        _workers.ForEach(w => w.Dispose());
        _directory.Delete(recursive: true);
    }
}
