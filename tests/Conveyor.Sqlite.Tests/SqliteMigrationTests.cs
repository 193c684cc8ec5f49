using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite.Tests;

/// <summary>Versioned migrations: idempotent up, a full down, and up again; version 2 (schedules) on its own.</summary>
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

        Assert.Equal([1, 2], await store.GetAppliedVersionsAsync(CancellationToken.None));
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

        Assert.Equal([1, 2], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal(id, Assert.Single(await store.FetchAsync()).Id);
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheSchedulesTable_WhenTargetIsOne()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        var id = (await store.InsertAsync(TempDatabase.Job()))[0];

        await store.MigrateAsync(1, CancellationToken.None);

        Assert.Equal([1], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.DoesNotContain("conveyor_schedules", Tables(db.Connect()));
        Assert.NotNull(await store.GetAsync(id));
    }

    [Fact]
    public async Task MigrateAsync_AddsTheSchedulesTableAndKeepsTheJobs_WhenTheFileIsAtVersionOne()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        await store.MigrateAsync(1, CancellationToken.None);
        var id = (await store.InsertAsync(TempDatabase.Job()))[0];

        await store.MigrateAsync(null, CancellationToken.None);

        Assert.Equal([1, 2], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Contains("conveyor_schedules", Tables(db.Connect()));
        Assert.NotNull(await store.GetAsync(id));
    }

    [Fact]
    public void PrintScript_CreatesTheJobsAndSchedulesTables()
    {
        using var db = new TempDatabase();

        var script = db.Open().PrintScript();

        Assert.Contains("CREATE TABLE IF NOT EXISTS conveyor_jobs", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX IF NOT EXISTS conveyor_jobs_unique", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS conveyor_schedules", script, StringComparison.Ordinal);
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
