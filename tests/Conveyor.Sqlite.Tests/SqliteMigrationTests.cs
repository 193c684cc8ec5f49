using Conveyor.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite.Tests;

/// <summary>
/// Versioned migrations: idempotent up, a full down, and up again; versions 2 (schedules), 3 (progress), 4 (signals),
/// 5 (rate limits), 6 (batches), 7 (operations), 8 (ordering) and 9 (schedule runs) on their own.
/// </summary>
public sealed class SqliteMigrationTests
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public async Task MigrateAsync_IsANoOp_WhenRunTwice()
    {
        using var db = new TempDatabase();
        var store = db.Open();

        await store.MigrateAsync(null, CancellationToken.None);
        var id = (await store.InsertAsync(TempDatabase.Job()))[0];
        await store.MigrateAsync(null, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
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

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
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
        Assert.Equal([id], JobIds(db.Connect()));
    }

    [Fact]
    public async Task MigrateAsync_AddsTheSchedulesTableAndKeepsTheJobs_WhenTheFileIsAtVersionOne()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        await store.MigrateAsync(1, CancellationToken.None);
        var id = InsertVersionOneJob(db.Connect());

        await store.MigrateAsync(null, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Contains("conveyor_schedules", Tables(db.Connect()));
        Assert.NotNull(await store.GetAsync(id));
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheProgressColumns_WhenTargetIsTwo()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        var id = (await store.InsertAsync(TempDatabase.Job()))[0];

        await store.MigrateAsync(2, CancellationToken.None);

        Assert.Equal([1, 2], await store.GetAppliedVersionsAsync(CancellationToken.None));
        var columns = Columns(db.Connect(), "conveyor_jobs");
        Assert.DoesNotContain(columns, c => c.StartsWith("progress_", StringComparison.Ordinal) || c == "result");
        Assert.Contains("cancel_requested_at", columns);
        Assert.Contains("conveyor_schedules", Tables(db.Connect()));
        Assert.Equal([id], JobIds(db.Connect()));
    }

    [Fact]
    public async Task MigrateAsync_AddsTheProgressColumnsAndKeepsTheJobs_WhenTheFileIsAtVersionTwo()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        await store.MigrateAsync(2, CancellationToken.None);
        var id = InsertVersionOneJob(db.Connect());

        await store.MigrateAsync(null, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Superset(new HashSet<string> { "progress_percent", "progress_message", "progress_at", "result" }, Columns(db.Connect(), "conveyor_jobs").ToHashSet());
        var job = await store.GetAsync(id);
        Assert.NotNull(job);
        Assert.Null(job.Progress);
        Assert.Null(job.Result);
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheSignalsTable_WhenTargetIsThree()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        var id = (await store.InsertAsync(TempDatabase.Job()))[0];

        await store.MigrateAsync(3, CancellationToken.None);

        Assert.Equal([1, 2, 3], await store.GetAppliedVersionsAsync(CancellationToken.None));
        var tables = Tables(db.Connect());
        Assert.DoesNotContain("conveyor_signals", tables);
        Assert.Contains("conveyor_schedules", tables);
        Assert.Contains("result", Columns(db.Connect(), "conveyor_jobs"));
        Assert.Equal([id], JobIds(db.Connect()));
    }

    [Fact]
    public async Task MigrateAsync_AddsTheSignalsTableAndKeepsTheJobs_WhenTheFileIsAtVersionThree()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        await store.MigrateAsync(3, CancellationToken.None);
        var id = InsertVersionOneJob(db.Connect());

        await store.MigrateAsync(null, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal([0L], Column<long>(db.Connect(), "SELECT seq FROM conveyor_signals WHERE name = 'cancel';"));
        Assert.NotNull(await store.GetAsync(id));
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheRateTakesTable_WhenTargetIsFour()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        var id = (await store.InsertAsync(TempDatabase.Job()))[0];
        await store.TryTakeAsync(new RateLimitRequest { Key = "partner:a", Limit = 1, Period = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        await store.MigrateAsync(4, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4], await store.GetAppliedVersionsAsync(CancellationToken.None));
        var tables = Tables(db.Connect());
        Assert.DoesNotContain("conveyor_rate_takes", tables);
        Assert.Contains("conveyor_signals", tables);
        Assert.Equal([id], JobIds(db.Connect()));
    }

    [Fact]
    public async Task MigrateAsync_AddsTheRateTakesTableAndKeepsTheJobs_WhenTheFileIsAtVersionFour()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        await store.MigrateAsync(4, CancellationToken.None);
        var id = InsertVersionOneJob(db.Connect());

        await store.MigrateAsync(null, CancellationToken.None);
        var take = await store.TryTakeAsync(new RateLimitRequest { Key = "partner:a", Limit = 1, Period = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.True(take.Allowed);
        Assert.Equal([1L], Column<long>(db.Connect(), "SELECT count(*) FROM conveyor_rate_takes WHERE key = 'partner:a';"));
        Assert.NotNull(await store.GetAsync(id));
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheBatchTables_AndKeepsTheirJobs_WhenTargetIsFive()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        var created = await store.CreateBatchAsync(new CreateBatchRequest { Jobs = [TempDatabase.Job()], Callback = TempDatabase.Job(), Condition = BatchCondition.AllFinished }, CancellationToken.None);

        await store.MigrateAsync(5, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5], await store.GetAppliedVersionsAsync(CancellationToken.None));
        var tables = Tables(db.Connect());
        Assert.DoesNotContain("conveyor_batches", tables);
        Assert.DoesNotContain("conveyor_batch_jobs", tables);
        Assert.Contains("conveyor_rate_takes", tables);
        Assert.Equal([created.JobIds[0], created.CallbackJobId], JobIds(db.Connect()));
    }

    [Fact]
    public async Task MigrateAsync_AddsTheBatchTablesAndKeepsTheJobs_WhenTheFileIsAtVersionFive()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        await store.MigrateAsync(5, CancellationToken.None);
        var id = InsertVersionOneJob(db.Connect());

        await store.MigrateAsync(null, CancellationToken.None);
        var created = await store.CreateBatchAsync(new CreateBatchRequest { ExistingJobIds = [id], Callback = TempDatabase.Job(), Condition = BatchCondition.AllSucceeded }, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
        var batch = await store.GetBatchAsync(new GetBatchRequest { BatchId = created.BatchId }, CancellationToken.None);
        Assert.Equal([id], batch?.Jobs.Select(m => m.JobId));
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheOperationsColumnsAndStatsTable_WhenTargetIsSix()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        var id = (await store.InsertAsync(TempDatabase.Job() with { TraceParent = TraceParent }))[0];

        await store.MigrateAsync(6, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6], await store.GetAppliedVersionsAsync(CancellationToken.None));
        var tables = Tables(db.Connect());
        Assert.DoesNotContain("conveyor_stats", tables);
        Assert.Contains("conveyor_batches", tables);
        Assert.DoesNotContain("trace_parent", Columns(db.Connect(), "conveyor_jobs"));
        Assert.Equal(["id", "host", "pid", "queues", "started_at", "last_seen_at"], Columns(db.Connect(), "conveyor_nodes"));
        Assert.Equal([id], JobIds(db.Connect()));
    }

    [Fact]
    public async Task MigrateAsync_AddsTheOperationsColumnsAndStatsTableAndKeepsTheJobs_WhenTheFileIsAtVersionSix()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        await store.MigrateAsync(6, CancellationToken.None);
        var id = InsertVersionOneJob(db.Connect());

        await store.MigrateAsync(null, CancellationToken.None);
        var traced = (await store.InsertAsync(TempDatabase.Job() with { TraceParent = TraceParent }))[0];

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Contains("conveyor_stats", Tables(db.Connect()));
        Assert.Null((await store.GetAsync(id))?.TraceParent);
        Assert.Equal(TraceParent, (await store.GetAsync(traced))?.TraceParent);
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheOrderingKeyAndItsIndex_WhenTargetIsSeven()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        var id = (await store.InsertAsync(TempDatabase.Job() with { OrderingKey = "account-7" }))[0];

        await store.MigrateAsync(7, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.DoesNotContain("ordering_key", Columns(db.Connect(), "conveyor_jobs"));
        Assert.Empty(Column<string>(db.Connect(), "SELECT name FROM sqlite_master WHERE name = 'conveyor_jobs_lines';"));
        Assert.Equal([id], JobIds(db.Connect()));
    }

    [Fact]
    public async Task MigrateAsync_AddsTheOrderingKeyAndKeepsTheJobs_WhenTheFileIsAtVersionSeven()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        await store.MigrateAsync(7, CancellationToken.None);
        var id = InsertVersionOneJob(db.Connect());

        await store.MigrateAsync(null, CancellationToken.None);
        var ordered = (await store.InsertAsync(TempDatabase.Job() with { OrderingKey = "account-7" }))[0];

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Null((await store.GetAsync(id))?.OrderingKey);
        Assert.Equal("account-7", (await store.GetAsync(ordered))?.OrderingKey);
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheScheduleRunColumns_WhenTargetIsEight()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        await store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Nightly()] }, CancellationToken.None);

        await store.MigrateAsync(8, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.DoesNotContain(Columns(db.Connect(), "conveyor_schedules"), c => c.StartsWith("last_", StringComparison.Ordinal));
        Assert.Equal(["nightly"], Column<string>(db.Connect(), "SELECT name FROM conveyor_schedules;"));
    }

    [Fact]
    public async Task MigrateAsync_AddsTheScheduleRunColumnsAndKeepsTheSchedules_WhenTheFileIsAtVersionEight()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        await store.MigrateAsync(8, CancellationToken.None);
        await store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Nightly()] }, CancellationToken.None);

        await store.MigrateAsync(null, CancellationToken.None);
        var tick = new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
        var recorded = await store.RecordScheduleRunAsync(new RecordScheduleRunRequest { Name = "nightly", Tick = tick, State = JobState.Completed, FinishedAt = tick.AddMinutes(1) }, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.True(recorded);
        Assert.Equal(tick, Assert.Single((await store.ListSchedulesAsync(new ListSchedulesRequest(), CancellationToken.None)).Schedules).LastSucceededTick);
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheAlertsTable_WhenTargetIsNine()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        await store.FireAlertAsync(Deep(), CancellationToken.None);
        await store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Nightly()] }, CancellationToken.None);

        await store.MigrateAsync(9, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9], await store.GetAppliedVersionsAsync(CancellationToken.None));
        var tables = Tables(db.Connect());
        Assert.DoesNotContain("conveyor_alerts", tables);
        Assert.Contains("last_success_tick", Columns(db.Connect(), "conveyor_schedules"));
        Assert.Equal(["nightly"], Column<string>(db.Connect(), "SELECT name FROM conveyor_schedules;"));
    }

    [Fact]
    public async Task MigrateAsync_AddsTheAlertsTable_WhenTheFileIsAtVersionNine()
    {
        using var db = new TempDatabase();
        var store = db.Open();
        await store.MigrateAsync(9, CancellationToken.None);
        var id = InsertVersionOneJob(db.Connect());

        await store.MigrateAsync(null, CancellationToken.None);
        var fired = await store.FireAlertAsync(Deep(), CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.True(fired.Fired);
        Assert.Equal(fired.Alert, Assert.Single((await store.ListFiringAlertsAsync(new ListFiringAlertsRequest(), CancellationToken.None)).Alerts));
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

    /// <summary>
    /// A job written with the columns of version 1 only: the store's own insert writes the latest version's columns,
    /// which a file at an older version does not have yet.
    /// </summary>
    private static long InsertVersionOneJob(SqliteConnection connection) =>
        Column<long>(connection, """
            INSERT INTO conveyor_jobs (kind, queue, args, state, max_attempts, scheduled_at, created_at)
            VALUES ('test', 'default', CAST('{}' AS BLOB), 0, 5, 0, 0)
            RETURNING id;
            """)[0];

    private static FireAlertRequest Deep() => new()
    {
        Rule = "depth",
        Subject = "mail",
        Severity = "unhealthy",
        Message = "Queue mail has 11 jobs waiting, over 10.",
        At = new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero),
    };

    private static ScheduleDefinition Nightly() => new()
    {
        Name = "nightly",
        Kind = "report",
        Queue = "reports",
        Args = "{}"u8.ToArray(),
        Cron = "0 2 * * *",
        TimeZone = "UTC",
        Misfire = MisfirePolicy.RunOnce,
        MaxAttempts = 3,
    };

    private static List<string> Tables(SqliteConnection connection) =>
        Column<string>(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'conveyor%' ORDER BY name;");

    private static List<string> Columns(SqliteConnection connection, string table) =>
        Column<string>(connection, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid;");

    private static List<long> JobIds(SqliteConnection connection) =>
        Column<long>(connection, "SELECT id FROM conveyor_jobs ORDER BY id;");

    private static List<T> Column<T>(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<T>();
        while (reader.Read())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
