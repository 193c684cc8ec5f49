using Conveyor.Storage.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Redis.Tests;

/// <summary>A store on the shared test cluster (three primaries), a prefix of its own per test.</summary>
internal static class RedisClusterHarness
{
    public static Task<StoreUnderTest> CreateAsync(FakeTimeProvider time) => RedisHarness.CreateAsync(time, RedisTestServer.ClusterConfiguration);
}

public sealed class RedisClusterInsertTests : InsertConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisClusterHarness.CreateAsync(time); }

public sealed class RedisClusterFetchTests : FetchConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisClusterHarness.CreateAsync(time); }

public sealed class RedisClusterCompleteTests : CompleteConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisClusterHarness.CreateAsync(time); }

public sealed class RedisClusterMaintenanceTests : MaintenanceConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisClusterHarness.CreateAsync(time); }

public sealed class RedisClusterAdminTests : AdminConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisClusterHarness.CreateAsync(time); }

public sealed class RedisClusterHostTests : HostConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisClusterHarness.CreateAsync(time); }

public sealed class RedisClusterScheduleTests : ScheduleConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisClusterHarness.CreateAsync(time); }

public sealed class RedisClusterProgressTests : ProgressConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisClusterHarness.CreateAsync(time); }

public sealed class RedisClusterRateLimitTests : RateLimitConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisClusterHarness.CreateAsync(time); }

public sealed class RedisClusterStatsTests : StatsConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisClusterHarness.CreateAsync(time); }
public sealed class RedisClusterAlertTests : AlertConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisClusterHarness.CreateAsync(time); }

/// <summary>
/// The batch cases on the cluster, with every queue in one hash slot: a cluster keeps a batch in its callback's slot
/// and refuses new jobs outside it (docs/redis.md), which <see cref="RedisClusterBatchStoreTests"/> checks.
/// </summary>
public sealed class RedisClusterBatchTests : BatchConformance
{
    protected override string JobQueue => "jobs-6780";

    protected override string OtherQueue => "other-4974";

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisClusterHarness.CreateAsync(time);
}

public sealed class RedisClusterOrderingTests : OrderingConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => RedisClusterHarness.CreateAsync(time); }
