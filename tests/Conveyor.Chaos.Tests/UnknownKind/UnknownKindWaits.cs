using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Conveyor.Chaos.Tests.UnknownKind;

/// <summary>
/// Counts, per job, the times a worker put a job of a kind it does not know back to wait — read from the worker's own
/// <c>UnknownKindWaiting</c> log events, so each count is a fetch the worker really made and answered.
/// </summary>
internal sealed class UnknownKindWaits : ILoggerProvider, ILogger
{
    private readonly ConcurrentDictionary<long, int> _waits = new();

    /// <summary>How many times <paramref name="jobId"/> was put back to wait.</summary>
    public int Of(long jobId) => _waits.GetValueOrDefault(jobId);

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Name == "UnknownKindWaiting"
            && state is IReadOnlyList<KeyValuePair<string, object?>> fields
            && fields.FirstOrDefault(f => f.Key == "JobId").Value is long jobId)
        {
            _waits.AddOrUpdate(jobId, 1, (_, count) => count + 1);
        }
    }

    public void Dispose()
    {
    }
}
