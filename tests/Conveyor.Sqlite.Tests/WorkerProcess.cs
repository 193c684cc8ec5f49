using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Conveyor.Sqlite.Tests;

/// <summary>
/// A <c>Conveyor.Sqlite.TestWorker</c> process working a database file and writing its own ledger. Disposing it
/// kills the process if it still runs, so no test leaves one behind.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerProcess(Process process, string ledger)
    {
        _process = process;
        Ledger = ledger;
    }

    /// <summary>The worker's ledger file: one <c>jobId,attempt,pid</c> line per execution.</summary>
    public string Ledger { get; }

    public int Id => _process.Id;

    /// <summary>What the worker wrote to stdout and stderr (warnings and errors only), for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public static WorkerProcess Start(string database, string ledger)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WorkerDll());
        start.ArgumentList.Add(database);
        start.ArgumentList.Add(ledger);
        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process, ledger);
        process.OutputDataReceived += (_, e) => worker.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: the worker gets no chance to finish, release or complete anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the worker to stop (closes its standard input) and waits for it to exit; false if it did not in time.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        _process.StandardInput.Close();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
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

    /// <summary>The worker's build output, located by the path the test project records at build time.</summary>
    private static string WorkerDll()
    {
        var path = typeof(WorkerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestWorkerPath").Value!;
        return File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException("The test worker is not built; build tests/Conveyor.Sqlite.Tests.", path);
    }
}
