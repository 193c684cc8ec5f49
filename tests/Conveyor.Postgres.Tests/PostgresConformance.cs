using Conveyor.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Postgres.Tests;

/// <summary>Creates a fresh, migrated schema per test on the test server, dropped afterwards.</summary>
internal static class PostgresHarness
{
    public static async Task<StoreUnderTest> CreateAsync(FakeTimeProvider time)
    {
        var database = new TestDatabase();
        var store = await database.OpenMigratedAsync(time);
        return new StoreUnderTest
        {
            Store = store,
            Admin = store,
            Migrator = store,
            Notifier = store,
            // Host tests run on real time, so the host's store keeps the database's clock.
            Register = c => c.UsePostgres(TestDatabase.ConnectionString, o => o.Schema = database.Schema),
            Cleanup = database.DisposeAsync,
        };
    }
}

public sealed class PostgresInsertTests : InsertConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => PostgresHarness.CreateAsync(time); }

public sealed class PostgresFetchTests : FetchConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => PostgresHarness.CreateAsync(time); }

public sealed class PostgresCompleteTests : CompleteConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => PostgresHarness.CreateAsync(time); }

public sealed class PostgresMaintenanceTests : MaintenanceConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => PostgresHarness.CreateAsync(time); }

public sealed class PostgresAdminTests : AdminConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => PostgresHarness.CreateAsync(time); }

public sealed class PostgresHostTests : HostConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => PostgresHarness.CreateAsync(time); }

public sealed class PostgresScheduleTests : ScheduleConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => PostgresHarness.CreateAsync(time); }

public sealed class PostgresProgressTests : ProgressConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => PostgresHarness.CreateAsync(time); }

public sealed class PostgresRateLimitTests : RateLimitConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => PostgresHarness.CreateAsync(time); }

public sealed class PostgresBatchTests : BatchConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => PostgresHarness.CreateAsync(time); }

public sealed class PostgresStatsTests : StatsConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => PostgresHarness.CreateAsync(time); }
public sealed class PostgresAlertTests : AlertConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => PostgresHarness.CreateAsync(time); }

public sealed class PostgresOrderingTests : OrderingConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => PostgresHarness.CreateAsync(time); }
