using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite.Tests;

/// <summary>Versioned migrations: idempotent up, a full down, and up again.</summary>
public sealed class SqliteMigrationTests
{
    [Fact]
    public async Task MigrateAsync_IsANoOp_WhenRunTwice()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        await store.MigrateAsync(null, CancellationToken.None);
        var id = (await store.InsertAsync(TempDatabase.Job()))[0];
        await store.MigrateAsync(null, CancellationToken.None);

        Assert.Equal([1], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.NotNull(await store.GetAsync(id));
    }

    [Fact]
    public async Task MigrateAsync_DropsEveryTable_WhenTargetIsZero()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync(TempDatabase.Job());

        await store.MigrateAsync(0, CancellationToken.None);

        Assert.Empty(await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal(["conveyor_migrations"], Tables(db.Connect()));
    }

    [Fact]
    public async Task MigrateAsync_RecreatesAnEmptySchema_WhenRunUpAfterDown()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync(TempDatabase.Job());
        await store.MigrateAsync(0, CancellationToken.None);

        await store.MigrateAsync(null, CancellationToken.None);
        var id = (await store.InsertAsync(TempDatabase.Job()))[0];

        Assert.Equal([1], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal(id, Assert.Single(await store.FetchAsync()).Id);
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public void PrintScript_CreatesTheJobsTable()
    {
        using var db = new TempDatabase();

        var script = db.Open().PrintScript();

        Assert.Contains("CREATE TABLE IF NOT EXISTS conveyor_jobs", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX IF NOT EXISTS conveyor_jobs_unique", script, StringComparison.Ordinal);
    }

    private static List<string> Tables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'conveyor%' ORDER BY name;";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
