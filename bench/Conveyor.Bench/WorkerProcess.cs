using System.Diagnostics;
using System.Text;

namespace Conveyor.Bench;

/// <summary>
/// A benchmark worker process seen from the benchmark: started, its messages read as they come, told to go,
/// stopped by closing its input. Disposing kills it if it is still running.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _errors = new();

    private WorkerProcess(Process process) => _process = process;

    /// <summary>Starts the process; every line it prints but <see cref="WorkerMessages.Ready"/> goes to <paramref name="onMessage"/>.</summary>
    public static WorkerProcess Start(ProcessStartInfo start, Action<string> onMessage)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == WorkerMessages.Ready)
            {
                worker._ready.TrySetResult();
            }
            else if (e.Data is { } line)
            {
                onMessage(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (worker._errors)
            {
                worker._errors.AppendLine(e.Data);
            }
        };
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start the worker process {start.FileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until the worker says it is ready; fails if it exits or takes over a minute.</summary>
    public async Task WaitReadyAsync(CancellationToken ct)
    {
        var exited = _process.WaitForExitAsync(ct);
        if (await Task.WhenAny(_ready.Task, exited).WaitAsync(ReadyTimeout, ct) == exited)
        {
            throw Failure("exited before it was ready");
        }
    }

    /// <summary>Writes one line on the worker's input.</summary>
    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Closes the worker's input (its signal to stop) and waits until it has exited and printed everything.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync(ct).WaitAsync(ExitTimeout, ct);
        if (_process.ExitCode != 0)
        {
            throw Failure($"exited with code {_process.ExitCode}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private InvalidOperationException Failure(string what)
    {
        lock (_errors)
        {
            return new InvalidOperationException($"The benchmark worker process {what}: {_errors.ToString().Trim()}");
        }
    }
}
