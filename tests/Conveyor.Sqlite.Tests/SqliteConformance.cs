using Conveyor.Sqlite;
using Conveyor.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Sqlite.Tests;

/// <summary>Creates a fresh, migrated SQLite database file per test, deleted afterwards.</summary>
internal static class SqliteHarness
{
    public static async Task<StoreUnderTest> CreateAsync(FakeTimeProvider time)
    {
        var directory = Directory.CreateTempSubdirectory("conveyor-conformance-");
        var path = Path.Combine(directory.FullName, "jobs.db");
        var store = new SqliteJobStore(path, new SqliteStoreOptions(), time);
        await store.MigrateAsync(null, CancellationToken.None);
        return new StoreUnderTest
        {
            Store = store,
            Admin = store,
            Migrator = store,
            Register = c => c.UseSqlite(path),
            Cleanup = () =>
            {
                store.Dispose();
                directory.Delete(recursive: true);
                return ValueTask.CompletedTask;
            },
        };
    }
}

public sealed class SqliteInsertTests : InsertConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => SqliteHarness.CreateAsync(time); }

public sealed class SqliteFetchTests : FetchConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => SqliteHarness.CreateAsync(time); }

public sealed class SqliteCompleteTests : CompleteConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => SqliteHarness.CreateAsync(time); }

public sealed class SqliteMaintenanceTests : MaintenanceConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => SqliteHarness.CreateAsync(time); }

public sealed class SqliteAdminTests : AdminConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => SqliteHarness.CreateAsync(time); }

public sealed class SqliteHostTests : HostConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => SqliteHarness.CreateAsync(time); }

public sealed class SqliteScheduleTests : ScheduleConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => SqliteHarness.CreateAsync(time); }

public sealed class SqliteProgressTests : ProgressConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => SqliteHarness.CreateAsync(time); }

public sealed class SqliteRateLimitTests : RateLimitConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => SqliteHarness.CreateAsync(time); }

public sealed class SqliteBatchTests : BatchConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => SqliteHarness.CreateAsync(time); }

public sealed class SqliteStatsTests : StatsConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => SqliteHarness.CreateAsync(time); }
public sealed class SqliteAlertTests : AlertConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => SqliteHarness.CreateAsync(time); }

public sealed class SqliteOrderingTests : OrderingConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => SqliteHarness.CreateAsync(time); }
