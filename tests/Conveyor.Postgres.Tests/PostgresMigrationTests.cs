using Conveyor.Storage;

namespace Conveyor.Postgres.Tests;

/// <summary>Versioned migrations: idempotent up, a full down, up again, concurrent migrators, and the printed script.</summary>
public sealed class PostgresMigrationTests
{
    [Fact]
    public async Task MigrateAsync_IsANoOp_WhenRunTwice()
    {
        await using var db = new TestDatabase();
        var store = db.Open();

        await store.MigrateAsync(null, CancellationToken.None);
        var id = (await store.InsertAsync(TestDatabase.Job()))[0];
        await store.MigrateAsync(null, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.NotNull(await store.GetAsync(id));
    }

    [Fact]
    public async Task MigrateAsync_DropsEveryTableButTheMigrations_WhenTargetIsZero()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync(TestDatabase.Job());

        await store.MigrateAsync(0, CancellationToken.None);

        Assert.Empty(await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal("migrations", await TestDatabase.ScalarAsync($"SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = '{db.Schema}'"));
    }

    [Fact]
    public async Task MigrateAsync_RecreatesAnEmptySchema_WhenRunUpAfterDown()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync(TestDatabase.Job());
        await store.MigrateAsync(0, CancellationToken.None);

        await store.MigrateAsync(null, CancellationToken.None);
        var id = (await store.InsertAsync(TestDatabase.Job()))[0];

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal(id, Assert.Single(await store.FetchAsync()).Id);
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheSchedules_WhenTargetIsOne()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync(TestDatabase.Job());

        await store.MigrateAsync(1, CancellationToken.None);

        Assert.Equal([1], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal(1L, await CountJobRowsAsync(db));
        Assert.Equal(0L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{db.Schema}' AND table_name = 'schedules'"));
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheProgressAndResultColumns_WhenTargetIsTwo()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync(TestDatabase.Job());

        await store.MigrateAsync(2, CancellationToken.None);

        Assert.Equal([1, 2], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal(1L, await CountJobRowsAsync(db));
        Assert.Equal(1L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{db.Schema}' AND table_name = 'schedules'"));
        Assert.Equal(0L, await TestDatabase.ScalarAsync(
            $"SELECT count(*) FROM information_schema.columns WHERE table_schema = '{db.Schema}' AND table_name = 'jobs' "
            + "AND column_name IN ('progress_percent', 'progress_message', 'progress_at', 'result')"));
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheRateLimitTakes_WhenTargetIsThree()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync(TestDatabase.Job());
        await store.TryTakeAsync(new RateLimitRequest { Key = "partner:a", Limit = 1, Period = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        await store.MigrateAsync(3, CancellationToken.None);

        Assert.Equal([1, 2, 3], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal(1L, await CountJobRowsAsync(db));
        Assert.Equal(0L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{db.Schema}' AND table_name = 'rate_limit_takes'"));
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheBatches_WhenTargetIsFour()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.CreateBatchAsync(new CreateBatchRequest { Jobs = [TestDatabase.Job()], Callback = TestDatabase.Job(), Condition = BatchCondition.AllFinished }, CancellationToken.None);

        await store.MigrateAsync(4, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal(2L, await CountJobRowsAsync(db));
        Assert.Equal(0L, await TestDatabase.ScalarAsync(
            $"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{db.Schema}' AND table_name IN ('batches', 'batch_jobs')"));
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheStatsAndTheOperationsColumns_WhenTargetIsFive()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync(TestDatabase.Job() with { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" });
        await store.RecordStatsAsync(
            new RecordStatsRequest { Minutes = [new QueueMinute { Queue = "default", Minute = DateTimeOffset.UnixEpoch, Processed = 1, Durations = new long[DurationBuckets.Count] }] },
            CancellationToken.None);

        await store.MigrateAsync(5, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal(1L, await CountJobRowsAsync(db));
        Assert.Equal(0L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{db.Schema}' AND table_name = 'stats'"));
        Assert.Equal(0L, await TestDatabase.ScalarAsync(
            $"SELECT count(*) FROM information_schema.columns WHERE table_schema = '{db.Schema}' "
            + "AND (table_name = 'jobs' AND column_name = 'trace_parent' OR table_name = 'nodes' AND column_name IN ('busy', 'version'))"));
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheOrderingKeysAndTheirIndex_WhenTargetIsSix()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync(TestDatabase.Job() with { OrderingKey = "account-7" });

        await store.MigrateAsync(6, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal(1L, await CountJobRowsAsync(db));
        Assert.Equal(0L, await TestDatabase.ScalarAsync(
            $"SELECT count(*) FROM information_schema.columns WHERE table_schema = '{db.Schema}' AND table_name = 'jobs' AND column_name = 'ordering_key'"));
        Assert.Equal(0L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM pg_indexes WHERE schemaname = '{db.Schema}' AND indexname = 'jobs_lines'"));

        await store.MigrateAsync(null, CancellationToken.None);
        var ordered = (await store.InsertAsync(TestDatabase.Job() with { OrderingKey = "account-7" }))[0];
        Assert.Equal("account-7", (await store.GetAsync(ordered))?.OrderingKey);
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheScheduleRunColumns_WhenTargetIsSeven()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Nightly()] }, CancellationToken.None);

        await store.MigrateAsync(7, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal(1L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM {db.Schema}.schedules"));
        Assert.Equal(0L, await TestDatabase.ScalarAsync(
            $"SELECT count(*) FROM information_schema.columns WHERE table_schema = '{db.Schema}' AND table_name = 'schedules' AND column_name LIKE 'last%'"));

        await store.MigrateAsync(null, CancellationToken.None);
        var tick = new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
        Assert.True(await store.RecordScheduleRunAsync(new RecordScheduleRunRequest { Name = "nightly", Tick = tick, State = JobState.Completed, FinishedAt = tick.AddMinutes(1) }, CancellationToken.None));
        Assert.Equal(tick, Assert.Single((await store.ListSchedulesAsync(new ListSchedulesRequest(), CancellationToken.None)).Schedules).LastSucceededTick);
    }

    [Fact]
    public async Task MigrateAsync_DropsOnlyTheAlerts_WhenTargetIsNine()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.FireAlertAsync(Deep(), CancellationToken.None);
        await store.SaveSchedulesAsync(new SaveSchedulesRequest { Schedules = [Nightly()] }, CancellationToken.None);

        await store.MigrateAsync(9, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9], await store.GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal(0L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{db.Schema}' AND table_name = 'alerts'"));
        Assert.Equal(1L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM {db.Schema}.schedules"));

        await store.MigrateAsync(null, CancellationToken.None);
        var fired = await store.FireAlertAsync(Deep(), CancellationToken.None);
        Assert.True(fired.Fired);
        Assert.Equal(fired.Alert, Assert.Single((await store.ListFiringAlertsAsync(new ListFiringAlertsRequest(), CancellationToken.None)).Alerts));
    }

    [Fact]
    public async Task MigrateAsync_AppliesEachVersionOnce_WhenEightStoresMigrateAtOnce()
    {
        await using var db = new TestDatabase();
        var stores = Enumerable.Range(0, 8).Select(_ => db.Open()).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(async () => await s.MigrateAsync(null, CancellationToken.None))));

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await stores[0].GetAppliedVersionsAsync(CancellationToken.None));
        Assert.Equal(10L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM \"{db.Schema}\".migrations"));
    }

    [Fact]
    public async Task GetAppliedVersionsAsync_IsEmptyAndCreatesNothing_WhenTheSchemaWasNeverMigrated()
    {
        await using var db = new TestDatabase();

        var versions = await db.Open().GetAppliedVersionsAsync(CancellationToken.None);

        Assert.Empty(versions);
        Assert.Equal(0L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM pg_namespace WHERE nspname = '{db.Schema}'"));
    }

    [Fact]
    public async Task MigrateAsync_Throws_WhenTheVersionIsUnknown()
    {
        await using var db = new TestDatabase();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await db.Open().MigrateAsync(99, CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_TunesTheJobsTableForChurn()
    {
        await using var db = new TestDatabase();
        await db.OpenMigratedAsync();

        var options = await TestDatabase.ScalarAsync($"SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = '\"{db.Schema}\".jobs'::regclass");

        Assert.Equal("fillfactor=85,autovacuum_vacuum_scale_factor=0.01,autovacuum_analyze_scale_factor=0.02,autovacuum_vacuum_cost_delay=0", options);
    }

    [Fact]
    public void PrintScript_FillsInTheQuotedSchema()
    {
        var store = new PostgresJobStore("Host=localhost", new PostgresStoreOptions { Schema = "Jobs_1" });

        var script = store.PrintScript();

        Assert.Contains("CREATE SCHEMA \"Jobs_1\";", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"Jobs_1\".jobs (", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX IF NOT EXISTS jobs_unique ON \"Jobs_1\".jobs", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"Jobs_1\".schedules (", script, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE \"Jobs_1\".jobs", script, StringComparison.Ordinal);
        Assert.Contains("ADD COLUMN IF NOT EXISTS progress_percent smallint", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"Jobs_1\".rate_limit_takes (", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"Jobs_1\".batches (", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"Jobs_1\".batch_jobs (", script, StringComparison.Ordinal);
        Assert.Contains("ADD COLUMN IF NOT EXISTS trace_parent text", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"Jobs_1\".stats (", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"Jobs_1\".alerts (", script, StringComparison.Ordinal);
        Assert.DoesNotContain("{schema}", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrintScript_CreatesTheSchema_WhenRunByHand()
    {
        await using var db = new TestDatabase();
        var store = db.Open();

        await TestDatabase.ScalarAsync(store.PrintScript());

        Assert.Equal(1L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{db.Schema}' AND table_name = 'jobs'"));
    }

    [Fact]
    public async Task MigrateAsync_NeedsNoDatabaseRights_WhenTheSchemaWasPreparedForTheUser()
    {
        await using var db = new TestDatabase();
        var role = db.Schema + "_app";
        await TestDatabase.ScalarAsync($"CREATE ROLE {role} LOGIN; CREATE SCHEMA \"{db.Schema}\" AUTHORIZATION {role}");
        try
        {
            var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Username = role }.ConnectionString;
            await using var store = new PostgresJobStore(connectionString, db.Options());

            await store.MigrateAsync(null, CancellationToken.None);

            Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await store.GetAppliedVersionsAsync(CancellationToken.None));
            Assert.Equal(false, await TestDatabase.ScalarAsync($"SELECT has_database_privilege('{role}', current_database(), 'CREATE')"));
        }
        finally
        {
            await TestDatabase.ScalarAsync($"DROP SCHEMA \"{db.Schema}\" CASCADE; DROP ROLE {role}");
        }
    }

    /// <summary>The rows of the jobs table, read in plain SQL: after a down migration the store's statements name columns it dropped.</summary>
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

    private static FireAlertRequest Deep() => new()
    {
        Rule = "depth",
        Subject = "mail",
        Severity = "unhealthy",
        Message = "Queue mail has 11 jobs waiting, over 10.",
        At = new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero),
    };

    private static Task<object?> CountJobRowsAsync(TestDatabase db) =>
        TestDatabase.ScalarAsync($"SELECT count(*) FROM \"{db.Schema}\".jobs");
}
