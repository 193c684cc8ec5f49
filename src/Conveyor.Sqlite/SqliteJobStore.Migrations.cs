using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>Versioned migrations of <see cref="SqliteJobStore"/>: <c>Sql/Migrations/NNNN_name.up.sql</c> and <c>.down.sql</c>.</summary>
public sealed partial class SqliteJobStore
{
    private static readonly (int Version, string Name)[] Migrations = [(1, "0001_initial")];

    /// <inheritdoc />
    public IReadOnlyList<int> KnownVersions { get; } = [.. Migrations.Select(m => m.Version)];

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<int>> GetAppliedVersionsAsync(CancellationToken ct) =>
        ValueTask.FromResult<IReadOnlyList<int>>(Write(session => AppliedVersions(session)));

    /// <inheritdoc />
    public ValueTask MigrateAsync(int? targetVersion, CancellationToken ct)
    {
        var target = targetVersion ?? KnownVersions[^1];
        if (target != 0 && !KnownVersions.Contains(target))
        {
            throw new ArgumentOutOfRangeException(nameof(targetVersion), targetVersion, $"Unknown migration version; known: 0 (empty), {string.Join(", ", KnownVersions)}.");
        }

        // One write transaction: concurrent starters (several worker processes) migrate once, in turn.
        Write(session =>
        {
            var applied = AppliedVersions(session);
            var now = SqliteTime.ToMicros(_time.GetUtcNow());
            foreach (var (version, name) in Migrations.Where(m => m.Version <= target && !applied.Contains(m.Version)))
            {
                Execute(session, SqlScripts.Get($"Migrations/{name}.up"));
                session.Command("migration_record").With("@version", version).With("@now", now).ExecuteNonQuery();
            }

            foreach (var (version, name) in Migrations.Where(m => m.Version > target && applied.Contains(m.Version)).Reverse())
            {
                Execute(session, SqlScripts.Get($"Migrations/{name}.down"));
                session.Command("migration_forget").With("@version", version).ExecuteNonQuery();
            }

            return 0;
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public string PrintScript() => string.Join("\n", Migrations.Select(m => SqlScripts.Get($"Migrations/{m.Name}.up")));

    private static List<int> AppliedVersions(SqliteSession session)
    {
        session.Command("migrations_table").ExecuteNonQuery();
        var versions = new List<int>();
        using var reader = session.Command("migrations_applied").ExecuteReader();
        while (reader.Read())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static void Execute(SqliteSession session, string script)
    {
        using var command = session.Connection.CreateCommand();
        command.CommandText = script;
        command.ExecuteNonQuery();
    }
}
