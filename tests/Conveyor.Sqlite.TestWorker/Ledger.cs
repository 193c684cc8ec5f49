using System.Globalization;

namespace Conveyor.Sqlite.TestWorker;

/// <summary>
/// This process's own record of every execution, one <c>jobId,attempt,pid</c> line each. Every line is flushed to
/// the operating system before the handler goes on, so a SIGKILL loses no line that was written.
/// </summary>
public sealed class Ledger : IDisposable
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;

    public Ledger(string path)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new StreamWriter(stream) { AutoFlush = true };
    }

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
