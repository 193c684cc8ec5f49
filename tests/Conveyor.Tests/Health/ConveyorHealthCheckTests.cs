using Conveyor.HealthChecks;
using Conveyor.Storage;
using Conveyor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conveyor.Tests.Health;

public sealed class ConveyorHealthCheckTests
{
    [Fact]
    public async Task TheHealthCheck_ReportsTheStoresFindings_UnhealthyFirst()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConveyor(c => c.UseInMemory());
        services.AddHealthChecks().AddConveyor(r => r.MaxDepth = 1);
        await using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();

        var healthy = await health.CheckHealthAsync();
        await provider.GetRequiredService<IJobStore>().InsertAsync(new InsertJobsRequest { Jobs = [Job(), Job()] }, CancellationToken.None);
        var unhealthy = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        var entry = unhealthy.Entries["conveyor"];
        Assert.Equal(["depth:default", "no_worker:default"], entry.Data.Keys.Order());
        Assert.Contains("Queue default has 2 jobs waiting, over 1.", entry.Description, StringComparison.Ordinal);
    }

    private static NewJob Job() => new() { Kind = "k", Queue = "default", Args = "{}"u8.ToArray(), MaxAttempts = 3 };
}
