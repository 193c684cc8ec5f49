using Microsoft.Extensions.Logging;

namespace Conveyor.Redis;

/// <summary>Structured log messages of the Redis store.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Running on an unsafe Redis server because AllowUnsafeServer is set: {Problem}")]
    public static partial void UnsafeServer(ILogger logger, string problem);
}
