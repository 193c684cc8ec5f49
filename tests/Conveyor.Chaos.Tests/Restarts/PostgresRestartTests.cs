using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Testing.Processes.Servers;
using Npgsql;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Restarts;

/// <summary>
/// A private PostgreSQL server restarted under four workers and a steady producer, with <c>pg_ctl restart -m fast</c>
/// (sessions ended, checkpoint) or <c>-m immediate</c> (every process ended at once, crash recovery at start). A commit
/// is acknowledged only once its WAL is flushed, so no acknowledged enqueue or completion may be lost in either mode; the
/// same worker processes must ride through every restart and each finish a job begun after it, at p99 within 5 s of
/// the server answering again. SQLite has no server to restart (the store is a file inside each worker's process, whose
/// crash the SIGKILL tests cover); Redis's kill and restart from its AOF is <see cref="RedisKillTests"/>.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ShutdownMode.Fast)]
    [InlineData(ShutdownMode.Immediate)]
    public async Task Workers_LoseNothingAcknowledgedAndResumeWithin5s_WhenPostgresRestarts(ShutdownMode mode)
    {
        await using var server = await PostgresServer.StartAsync();
        await using var cluster = await ChaosCluster.CreateAsync(StoreKind.Postgres, server.ConnectionString, RestartSizes.Deadline);
        // The probe's connections go unpooled, so each attempt is a fresh connection to whatever server runs now.
        var probe = $"{server.ConnectionString};Pooling=false;Timeout=1;Command Timeout=1";

        var run = await RestartRun.RunAsync(cluster, n => StoreOutage.MeasureAsync(n, () => server.RestartAsync(mode), () => AcceptsAsync(probe), RestartSizes.Deadline));

        RestartAssert.Holds(output, $"pg-restart-{mode.ToString().ToLowerInvariant()}", StoreKind.Postgres, run, lossWindow: TimeSpan.Zero);
    }

    private static async Task<bool> AcceptsAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            return false;
        }
    }
}
