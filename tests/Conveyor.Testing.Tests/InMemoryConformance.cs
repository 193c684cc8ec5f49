using Conveyor.Storage.Conformance;
using Conveyor.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Testing.Tests;

/// <summary>Creates a fresh in-memory store per test.</summary>
internal static class InMemoryHarness
{
    public static Task<StoreUnderTest> CreateAsync(FakeTimeProvider time)
    {
        var store = new InMemoryJobStore(time);
        return Task.FromResult(new StoreUnderTest { Store = store, Admin = store, Register = c => c.UseInMemory() });
    }
}

public sealed class InMemoryInsertTests : InsertConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => InMemoryHarness.CreateAsync(time); }

public sealed class InMemoryFetchTests : FetchConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => InMemoryHarness.CreateAsync(time); }

public sealed class InMemoryCompleteTests : CompleteConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => InMemoryHarness.CreateAsync(time); }

public sealed class InMemoryMaintenanceTests : MaintenanceConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => InMemoryHarness.CreateAsync(time); }

public sealed class InMemoryAdminTests : AdminConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => InMemoryHarness.CreateAsync(time); }

public sealed class InMemoryHostTests : HostConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => InMemoryHarness.CreateAsync(time); }
public sealed class InMemoryScheduleTests : ScheduleConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => InMemoryHarness.CreateAsync(time); }

public sealed class InMemoryBatchTests : BatchConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => InMemoryHarness.CreateAsync(time); }

public sealed class InMemoryStatsTests : StatsConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => InMemoryHarness.CreateAsync(time); }
public sealed class InMemoryAlertTests : AlertConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => InMemoryHarness.CreateAsync(time); }
public sealed class InMemoryProgressTests : ProgressConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => InMemoryHarness.CreateAsync(time); }
public sealed class InMemoryRateLimitTests : RateLimitConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => InMemoryHarness.CreateAsync(time); }

public sealed class InMemoryOrderingTests : OrderingConformance { protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider time) => InMemoryHarness.CreateAsync(time); }
