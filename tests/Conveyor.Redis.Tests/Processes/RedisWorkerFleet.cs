using Conveyor.Testing.Processes;
using StackExchange.Redis;

namespace Conveyor.Redis.Tests.Processes;

/// <summary>Fleets of Conveyor.Redis.TestWorker processes.</summary>
internal static class RedisWorkerFleet
{
    /// <summary>An empty fleet of Redis test workers; a Redis error in a wait counts as "not yet" (the server may be restarting).</summary>
    public static WorkerFleet Create(TimeSpan deadline) =>
        new(WorkerProcess.BuiltWorker(typeof(RedisWorkerFleet).Assembly, "RedisTestWorkerPath"), deadline, error => error is RedisException);
}
