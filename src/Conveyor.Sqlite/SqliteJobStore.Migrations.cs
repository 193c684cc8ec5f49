using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>Versioned migrations of <see cref="SqliteJobStore"/>: <c>Sql/Migrations/NNNN_name.up.sql</c> and <c>.down.sql</c>.</summary>
public sealed partial class SqliteJobStore
{
    private static readonly (int Version, string Name)[] Migrations = [(1, "0001_initial"), (2, "0002_schedules"), (3, "0003_progress"), (4, "0004_signals"), (5, "0005_rate_limits"), (6, "0006_batches"), (7, "0007_operations"), (8, "0008_ordering"), (9, "0009_schedule_runs"), (10, "0010_alerts")];

    /// <inheritdoc />
    public IReadOnlyList<int> KnownVersions { get; } = [.. Migrations.Select(m => m.Version)];

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<int>> GetAppliedVersionsAsync(CancellationToken ct) =>
        ValueTask.FromResult<IReadOnlyList<int>>(Read(RecordedVersions));

    /// <inheritdoc />
    public ValueTask MigrateAsync(int? targetVersion, CancellationToken ct)
    {
        var target = targetVersion ?? KnownVersions[^1];
        if (target != 0 && !KnownVersions.Contains(target))
        {
            throw new ArgumentOutOfRangeException(nameof(targetVersion), targetVersion, $"Unknown migration version; known: 0 (empty), {string.Join(", ", KnownVersions)}.");
        }

        // Every start but the first finds the file where it should be, and checks that without the write lock: a process
        // that has just started runs slowly (its code is being compiled), and workers already running would wait for it.
        var wanted = Migrations.Where(m => m.Version <= target).Select(m => m.Version);
        if (Read(RecordedVersions).SequenceEqual(wanted))
        {
            return ValueTask.CompletedTask;
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

    /// <summary>The applied versions, read without writing: none while the migrations table does not exist.</summary>
    private static List<int> RecordedVersions(SqliteSession session) =>
        Convert.ToInt64(session.Command("migrations_table_exists").ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0
            ? []
            : ReadVersions(session);

    private static List<int> AppliedVersions(SqliteSession session)
    {
        session.Command("migrations_table").ExecuteNonQuery();
        return ReadVersions(session);
    }

    private static List<int> ReadVersions(SqliteSession session)
    {
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
