using Conveyor.Testing.Processes;
using Npgsql;

namespace Conveyor.Postgres.Tests.Processes;

/// <summary>Fleets of Conveyor.Postgres.TestWorker processes.</summary>
internal static class PostgresWorkerFleet
{
    /// <summary>An empty fleet of PostgreSQL test workers; a database error in a wait counts as "not yet" (the server may be restarting).</summary>
    public static WorkerFleet Create(TimeSpan deadline) =>
        new(WorkerProcess.BuiltWorker(typeof(PostgresWorkerFleet).Assembly, "PostgresTestWorkerPath"), deadline, error => error is NpgsqlException);
}
