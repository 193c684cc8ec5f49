using Conveyor.Storage;

namespace Conveyor.Testing.Processes;

/// <summary>
/// The worker processes of one test, their ledgers in a temporary folder, and waits that fail with every worker's
/// output. Disposing it kills whatever still runs and removes the folder.
/// </summary>
public sealed class WorkerFleet : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("conveyor-workers-");
    private readonly List<WorkerProcess> _workers = [];
    private readonly string _workerDll;
    private readonly TimeSpan _deadline;
    private readonly Func<Exception, bool> _isStoreError;

    /// <param name="workerDll">The test worker every process runs (see <see cref="WorkerProcess.BuiltWorker"/>).</param>
    /// <param name="deadline">How long any one wait may take before the test fails: a hang guard, not a speed check.</param>
    /// <param name="isStoreError">
    /// Whether an exception a wait's condition throws is the store's (its server may be restarting): such an error
    /// counts as "not yet", and the last one is reported if the deadline passes.
    /// </param>
    public WorkerFleet(string workerDll, TimeSpan deadline, Func<Exception, bool> isStoreError)
    {
        _workerDll = workerDll;
        _deadline = deadline;
        _isStoreError = isStoreError;
    }

    /// <summary>Every worker started so far, killed ones included.</summary>
    public IReadOnlyList<WorkerProcess> Workers => _workers;

    /// <summary>The PIDs of the workers the test killed.</summary>
    public HashSet<int> KilledPids => [.. _workers.Where(w => w.Killed).Select(w => w.Pid)];

    /// <summary>Every worker's output, for failure messages.</summary>
    public string Output => string.Join("\n", _workers.Select(w => $"worker {w}:\n{w.Output}"));

    /// <summary>Starts a worker process with its own ledger.</summary>
    public WorkerProcess Start(IWorkerArguments arguments) => Start(arguments, new Dictionary<string, string>());

    /// <summary>Starts a worker process with its own ledger and <paramref name="environment"/> set on top of this process's.</summary>
    public WorkerProcess Start(IWorkerArguments arguments, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var ledger = Path.Combine(_directory.FullName, $"ledger-{_workers.Count}.txt");
        var worker = WorkerProcess.Start(_workerDll, ledger, arguments.ToArguments(ledger), environment);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Starts <paramref name="count"/> workers alike, each with its own ledger.</summary>
    public void Start(int count, IWorkerArguments arguments)
    {
        for (var i = 0; i < count; i++)
        {
            Start(arguments);
        }
    }

    /// <summary>Every execution in every ledger.</summary>
    public List<Execution> Executions() => [.. _workers.SelectMany(w => w.Executions())];

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds. A store error counts as "not yet" (the server may be
    /// restarting) and is reported if the deadline passes; so is a worker that exits without being killed.
    /// </summary>
    public async Task WaitUntilAsync(string what, Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(_deadline);
        Exception? lastError = null;
        while (true)
        {
            Assert.False(_workers.Any(w => w.HasExited && !w.MayExit), $"A worker exited while waiting until {what}.\n{Output}");
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (_isStoreError(ex))
            {
                lastError = ex;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after {_deadline} waiting until {what}. Last store error: {lastError?.Message ?? "none"}.\n{Output}");
            }
        }
    }

    /// <summary>
    /// Waits until every live worker has started: its node is in <paramref name="admin"/>'s registry, where a host
    /// reports in once it has migrated the store and begun to work.
    /// </summary>
    public Task WaitUntilStartedAsync(IJobAdminStore admin) =>
        WaitUntilAsync("every worker has started", async () =>
        {
            var nodes = await admin.ListNodesAsync(new ListNodesRequest { SeenSince = DateTimeOffset.UnixEpoch }, CancellationToken.None);
            return _workers.Where(w => !w.HasExited).All(w => nodes.Nodes.Any(n => n.ProcessId == w.Pid));
        });

    /// <summary>
    /// Once <paramref name="ready"/> holds, SIGKILLs <paramref name="victim"/> while it holds jobs, and returns the ones
    /// it held. The victim is frozen (SIGSTOP) before its jobs are read, so it cannot complete one between the look and
    /// the kill; if it holds none by then, it is thawed and the wait goes on.
    /// </summary>
    /// <param name="victim">The worker to kill.</param>
    /// <param name="what">What <paramref name="ready"/> waits for, for the failure message.</param>
    /// <param name="ready">When the kill may come, e.g. a share of the jobs completed.</param>
    /// <param name="heldBy">The running jobs leased to a worker, as the store has them.</param>
    public async Task<List<long>> KillHoldingJobsAsync(WorkerProcess victim, string what, Func<Task<bool>> ready, Func<WorkerProcess, Task<List<long>>> heldBy)
    {
        while (true)
        {
            await WaitUntilAsync($"{what} and worker {victim} holds jobs", async () => await ready() && (await heldBy(victim)).Count > 0);
            await victim.FreezeAsync();
            var held = await heldBy(victim);
            if (held.Count > 0)
            {
                await victim.KillAsync();
                return held;
            }

            await victim.ThawAsync();
        }
    }

    /// <summary>
    /// Stops every live worker through its standard input; fails if one does not exit cleanly. A worker that may exit
    /// (killed, terminated, or running jobs that end it) and has is left as it is.
    /// </summary>
    public async Task StopAllAsync()
    {
        foreach (var worker in _workers.Where(w => !(w.MayExit && w.HasExited)))
        {
            Assert.True(await worker.StopAsync(TimeSpan.FromSeconds(15)), $"Worker {worker.Pid} did not stop cleanly.\n{worker.Output}");
        }
    }

    /// <summary>How many executions each worker's ledger holds, for the test's output.</summary>
    public string ExecutionsPerWorker() => "executions per worker: " + string.Join(", ", _workers.Select(w => $"{w}={w.Executions().Count}"));

    public void Dispose()
    {
        _workers.ForEach(w => w.Dispose());
        _directory.Delete(recursive: true);
    }
}
