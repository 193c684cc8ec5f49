using Npgsql;

namespace Conveyor.Postgres;

/// <summary>
/// Versioned migrations of <see cref="PostgresJobStore"/>: <c>Sql/Migrations/NNNN_name.up.sql</c> and <c>.down.sql</c>,
/// recorded in the schema's <c>migrations</c> table.
/// </summary>
public sealed partial class PostgresJobStore
{
    private static readonly (int Version, string Name)[] Migrations =
        [(1, "0001_initial"), (2, "0002_schedules"), (3, "0003_progress_results"), (4, "0004_rate_limits"), (5, "0005_batches"), (6, "0006_operations"), (7, "0007_ordering"), (8, "0008_schedule_runs"), (9, "0009_counts"), (10, "0010_alerts")];

    /// <inheritdoc />
    public IReadOnlyList<int> KnownVersions { get; } = [.. Migrations.Select(m => m.Version)];

    /// <inheritdoc />
    /// <remarks>Reads only: a schema that was never migrated has no versions, and nothing is created.</remarks>
    public async ValueTask<IReadOnlyList<int>> GetAppliedVersionsAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand(_sql["migrations_exist"], connection).With("table", _sql.Schema + ".migrations");
        return await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is true
            ? await AppliedVersionsAsync(connection, transaction: null, ct).ConfigureAwait(false)
            : [];
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction under an advisory lock keyed on the schema: processes starting together migrate once, in turn,
    /// and a failed migration leaves the schema as it was.
    /// </remarks>
    public async ValueTask MigrateAsync(int? targetVersion, CancellationToken ct)
    {
        var target = targetVersion ?? KnownVersions[^1];
        if (target != 0 && !KnownVersions.Contains(target))
        {
            throw new ArgumentOutOfRangeException(nameof(targetVersion), targetVersion, $"Unknown migration version; known: 0 (empty), {string.Join(", ", KnownVersions)}.");
        }

        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, _sql["migration_lock"], ct, ("lock_name", $"conveyor.migrate.{Schema}")).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, _sql["migrations_table"], ct).ConfigureAwait(false);
        var applied = await AppliedVersionsAsync(connection, transaction, ct).ConfigureAwait(false);
        foreach (var (version, name) in Migrations.Where(m => m.Version <= target && !applied.Contains(m.Version)))
        {
            await ExecuteAsync(connection, transaction, _sql[$"Migrations/{name}.up"], ct).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, _sql["migration_record"], ct, ("version", version)).ConfigureAwait(false);
        }

        foreach (var (version, name) in Migrations.Where(m => m.Version > target && applied.Contains(m.Version)).Reverse())
        {
            await ExecuteAsync(connection, transaction, _sql[$"Migrations/{name}.down"], ct).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, _sql["migration_forget"], ct, ("version", version)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The schema and migrations table first, then every up script, with the schema filled in. Each step is idempotent.</remarks>
    public string PrintScript() =>
        string.Join("\n", Migrations.Select(m => _sql[$"Migrations/{m.Name}.up"]).Prepend(_sql["migrations_table"]));

    private async Task<List<int>> AppliedVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(_sql["migrations_applied"], connection, transaction);
        var versions = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
