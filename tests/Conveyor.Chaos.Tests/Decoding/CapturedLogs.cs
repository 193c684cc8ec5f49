using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Conveyor.Chaos.Tests.Decoding;

/// <summary>Keeps the event name and text of every log entry at <see cref="LogLevel.Information"/> or above.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Event, string Text)> _entries = new();

    /// <summary>The entries of event <paramref name="name"/> (the runtime's log method names, e.g. <c>FetchFailed</c>).</summary>
    public IReadOnlyList<string> Of(string name) => [.. _entries.Where(e => e.Event == name).Select(e => e.Text)];

    public ILogger CreateLogger(string categoryName) => new Logger(_entries);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(string, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue((eventId.Name ?? "", formatter(state, exception) + (exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)));
            }
        }
    }
}
