using Microsoft.Extensions.Logging;

namespace Conveyor.Redis.Tests.Processes;

/// <summary>Hands one <see cref="CapturingLogger"/> to every category, so a test reads everything a host logged.</summary>
internal sealed class CapturingLoggerProvider(CapturingLogger logger) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => logger;

    public void Dispose()
    {
    }
}
