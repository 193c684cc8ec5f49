using Microsoft.Data.Sqlite;

namespace Conveyor.Chaos.Worker;

/// <summary>
/// The side-effect table every worker of a run writes to: a SQLite file outside any store under test, one row per job
/// (its job id is the key, as an idempotent consumer keys its effects). <see cref="TryApplyAsync"/> says whether this
/// attempt's effect took or found the job's effect already there.
/// </summary>
public sealed class SideEffects(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30, Pooling = true }.ToString();

    /// <summary>The table, created by the test before any worker starts.</summary>
    public const string Schema = "CREATE TABLE IF NOT EXISTS effects (job INTEGER PRIMARY KEY, attempt INTEGER NOT NULL, pid INTEGER NOT NULL)";

    /// <summary>Writes job <paramref name="jobId"/>'s effect for <paramref name="attempt"/>; true if it took.</summary>
    public async Task<bool> TryApplyAsync(long jobId, int attempt)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // NORMAL: the table must survive a killed process, not a lost machine (the fault suite kills processes).
            pragma.CommandText = "PRAGMA synchronous = NORMAL";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var command = connection.CreateCommand();
        // RETURNING says whether this insert took; a change count could carry over from an earlier statement.
        command.CommandText = "INSERT INTO effects (job, attempt, pid) VALUES ($job, $attempt, $pid) ON CONFLICT (job) DO NOTHING RETURNING job";
        command.Parameters.AddWithValue("$job", jobId);
        command.Parameters.AddWithValue("$attempt", attempt);
        command.Parameters.AddWithValue("$pid", Environment.ProcessId);
        return await command.ExecuteScalarAsync() is not null;
    }
}
