using System.Globalization;

namespace Conveyor.Chaos.Producer;

/// <summary>
/// The producer's record of its calls, one line each, flushed to the operating system before it goes on, so a SIGKILL
/// loses no line written: <c>asked,n,jobs,unixMs</c> before call <c>n</c>, then <c>ok,n,id id…</c> or
/// <c>error,n,Type: message</c> after it. A call asked with no outcome was cut off: its outcome is unknown.
/// </summary>
public sealed class CallRecord : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly TimeProvider _time;

    /// <summary>Appends to the record file at <paramref name="path"/>, creating it if needed.</summary>
    public CallRecord(string path, TimeProvider time)
    {
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        _time = time;
    }

    /// <summary>Call <paramref name="call"/> of <paramref name="jobs"/> jobs is about to be made.</summary>
    public void Asked(int call, int jobs) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"asked,{call},{jobs},{_time.GetUtcNow().ToUnixTimeMilliseconds()}"));

    /// <summary>Call <paramref name="call"/> was acknowledged with <paramref name="ids"/>.</summary>
    public void Ok(int call, IEnumerable<long> ids) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"ok,{call},{string.Join(' ', ids)}"));

    /// <summary>Call <paramref name="call"/> failed with <paramref name="error"/>, as the caller saw it.</summary>
    public void Error(int call, Exception error) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"error,{call},{error.GetType().FullName}: {error.Message.ReplaceLineEndings(" ")}"));

    public void Dispose() => _writer.Dispose();

    private void Write(string line) => _writer.WriteLine(line);
}
