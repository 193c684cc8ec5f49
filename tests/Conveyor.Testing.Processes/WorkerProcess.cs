using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Conveyor.Testing.Processes;

/// <summary>
/// A test worker process (<c>dotnet worker.dll arguments…</c>) writing its own <see cref="Ledger"/>. Disposing it
/// kills the process if it still runs, so no test leaves one behind. It is only ever ended through its own
/// <see cref="Process"/> (its PID).
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private const int OutputLinesShown = 40;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerProcess(Process process, string ledger)
    {
        _process = process;
        Ledger = ledger;
    }

    /// <summary>The process id; the worker's node id (its lease owner) is <c>host:pid:suffix</c>.</summary>
    public int Pid => _process.Id;

    /// <summary>The worker's ledger: one <c>jobId,attempt,pid</c> line per execution.</summary>
    public string Ledger { get; }

    /// <summary>Whether the test SIGKILLed it.</summary>
    public bool Killed { get; private set; }

    /// <summary>
    /// Whether the test expects the process may end before it is stopped: it was killed or terminated, or a job it runs
    /// may end it (<see cref="AllowExit"/>).
    /// </summary>
    public bool MayExit { get; private set; }

    /// <summary>Whether the process has ended, by itself or killed.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the worker wrote to stdout and stderr (warnings and errors), for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output.TakeLast(OutputLinesShown));

    /// <summary>Every line the worker wrote to stdout and stderr so far, for tests that count what it reported.</summary>
    public List<string> OutputLines() => [.. _output];

    /// <summary>The executions in its ledger so far.</summary>
    public List<Execution> Executions() => Execution.ReadLedger(Ledger, lastLineMayBeCut: MayExit || !HasExited);

    /// <summary>The events in its ledger so far, when it writes an <see cref="EventLedger"/>.</summary>
    public List<LedgerEvent> Events() => LedgerEvent.Read(Ledger, lastLineMayBeCut: MayExit || !HasExited);

    /// <summary>Tells the fleet that this worker may end by itself (a job it runs may take its process down).</summary>
    public void AllowExit() => MayExit = true;

    /// <summary>Whether <paramref name="leaseOwner"/> (<c>host:pid:suffix</c>) is this worker.</summary>
    public bool Owns(string? leaseOwner) => leaseOwner?.Contains($":{Pid}:", StringComparison.Ordinal) == true;

    /// <summary>
    /// The full path of a test worker's build output, as its test project records it at build time in the
    /// <see cref="AssemblyMetadataAttribute"/> <paramref name="metadataKey"/> of <paramref name="testAssembly"/>.
    /// </summary>
    public static string BuiltWorker(Assembly testAssembly, string metadataKey)
    {
        var path = testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == metadataKey).Value!;
        return File.Exists(path)
            ? Path.GetFullPath(path)
            : throw new FileNotFoundException($"The test worker is not built; build tests/{testAssembly.GetName().Name}.", path);
    }

    /// <summary>
    /// Starts <c>dotnet <paramref name="workerDll"/> <paramref name="arguments"/></c>; the arguments tell the worker
    /// to write its ledger to <paramref name="ledger"/>.
    /// </summary>
    public static WorkerProcess Start(string workerDll, string ledger, IEnumerable<string> arguments) =>
        Start(workerDll, ledger, arguments, new Dictionary<string, string>());

    /// <summary>
    /// Starts <c>dotnet <paramref name="workerDll"/> <paramref name="arguments"/></c> with <paramref name="environment"/>
    /// set on top of this process's environment (e.g. <c>LD_PRELOAD</c> of a library that fakes its clock).
    /// </summary>
    public static WorkerProcess Start(string workerDll, string ledger, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(workerDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process, ledger);
        process.OutputDataReceived += (_, e) => worker.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGSTOP: the worker stops where it is (what it holds cannot change) until <see cref="ThawAsync"/> or a kill.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT: a frozen worker goes on.</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    /// <summary>SIGKILL: the worker gets no chance to finish, release, commit or complete anything.</summary>
    public async Task KillAsync()
    {
        Killed = true;
        MayExit = true;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the worker shuts down gracefully (stops fetching, waits for running jobs, releases the rest).</summary>
    public Task TerminateAsync()
    {
        MayExit = true;
        return SignalAsync("TERM");
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {_process.Id}") { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with exit code {kill.ExitCode}.");
        }
    }

    /// <summary>Closes its standard input (the worker's signal to stop) and waits; true if it exited cleanly in time.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        _process.StandardInput.Close();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return _process.ExitCode == 0;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The PID, and whether the test killed it.</summary>
    public override string ToString() => Killed ? $"{Pid} (killed)" : $"{Pid}";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
