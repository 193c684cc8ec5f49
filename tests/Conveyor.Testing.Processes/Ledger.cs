using System.Globalization;

namespace Conveyor.Testing.Processes;

/// <summary>
/// A worker process's own record of every execution, one <c>jobId,attempt,pid</c> line each (read back with
/// <see cref="Execution.ReadLedger"/>). Every line is flushed to the operating system before the handler goes on, so
/// a SIGKILL loses no line that was written.
/// </summary>
public sealed class Ledger : IDisposable
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;

    /// <summary>Appends to the ledger file at <paramref name="path"/>, creating it if needed.</summary>
    public Ledger(string path)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new StreamWriter(stream) { AutoFlush = true };
    }

    /// <summary>Writes and flushes this process's line for one execution.</summary>
    public void Record(long jobId, int attempt)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{jobId},{attempt},{Environment.ProcessId}");
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }
}
