using Conveyor.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Redis.Tests;

/// <summary>A store under its own key prefix on the shared test server, its keys deleted afterwards.</summary>
internal static class RedisHarness
{
    public static Task<StoreUnderTest> CreateAsync(FakeTimeProvider time) => CreateAsync(time, RedisTestServer.Configuration);

    /// <summary>A store on the server(s) of <paramref name="configuration"/>, under a prefix of its own.</summary>
    public static async Task<StoreUnderTest> CreateAsync(FakeTimeProvider time, string configuration)
    {
        var prefix = RedisTestServer.NewPrefix();
        var store = new RedisJobStore(configuration, new RedisStoreOptions { Prefix = prefix }, clock: time);
        await store.MigrateAsync(null, CancellationToken.None);
        return new StoreUnderTest
        {
            Store = store,
            Admin = store,
            Migrator = store,
            Notifier = store,
            // Host tests run on real time, so the host's store keeps the server's clock.
            Register = c => c.UseRedis(configuration, o => o.Prefix = prefix),
            Cleanup = async () =>
            {
                await store.MigrateAsync(0, CancellationToken.None);
                await store.DisposeAsync();
            },
        };
    }
}

public sealed class RedisInsertTests : InsertConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time); }

public sealed class RedisFetchTests : FetchConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time); }

public sealed class RedisCompleteTests : CompleteConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time); }

public sealed class RedisMaintenanceTests : MaintenanceConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time); }

public sealed class RedisAdminTests : AdminConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time); }

public sealed class RedisHostTests : HostConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time); }

public sealed class RedisScheduleTests : ScheduleConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time); }

public sealed class RedisProgressTests : ProgressConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time); }

public sealed class RedisRateLimitTests : RateLimitConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time); }

public sealed class RedisBatchTests : BatchConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time); }

public sealed class RedisStatsTests : StatsConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time); }
public sealed class RedisAlertTests : AlertConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time); }

public sealed class RedisOrderingTests : OrderingConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time); }
