namespace Conveyor.Testing.Processes;

/// <summary>
/// A worker process's own record of what its handlers did (<see cref="LedgerEvent"/> lines: <c>exec</c> before the
/// side effect, <c>effect</c>, <c>done</c> after, or <c>stop</c> when the handler was stopped before its effect), kept
/// in a file outside any fault the suite injects. Every line is flushed to the operating system before the handler goes
/// on, so a SIGKILL loses no line that was written.
/// </summary>
public sealed class EventLedger : IDisposable
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;

    /// <summary>Appends to the ledger file at <paramref name="path"/>, creating it if needed.</summary>
    public EventLedger(string path)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new StreamWriter(stream) { AutoFlush = true };
    }

    /// <summary>Writes and flushes one event of this process, stamped with the wall clock.</summary>
    public void Record(LedgerEventKind kind, long jobId, int attempt, bool applied = false)
    {
        var line = new LedgerEvent(kind, jobId, attempt, Environment.ProcessId, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(), applied).Format();
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
