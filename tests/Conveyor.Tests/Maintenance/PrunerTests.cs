using Conveyor.Maintenance;
using Conveyor.Storage;
using Conveyor.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Maintenance;

public sealed class PrunerTests
{
    [Fact]
    public async Task RunOnce_DeletesAlertsResolvedBeforeTheRetention_AndKeepsTheOthers()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var store = new InMemoryJobStore(time);
        var now = time.GetUtcNow();
        await FireAsync(store, "old", now.AddDays(-20), resolvedAt: now.AddDays(-11));
        await FireAsync(store, "recent", now.AddDays(-20), resolvedAt: now.AddDays(-9));
        await FireAsync(store, "firing", now.AddDays(-20), resolvedAt: null);

        await new Pruner(store, time, new ConveyorOptions { AlertRetention = TimeSpan.FromDays(10) }).RunOnceAsync(CancellationToken.None);

        var left = (await store.ListAlertHistoryAsync(new ListAlertHistoryRequest(), CancellationToken.None)).Alerts;
        Assert.Equal(["firing", "recent"], left.Select(a => a.Subject));
    }

    private static async Task FireAsync(InMemoryJobStore store, string subject, DateTimeOffset firedAt, DateTimeOffset? resolvedAt)
    {
        await store.FireAlertAsync(new FireAlertRequest { Rule = "depth", Subject = subject, Severity = "unhealthy", Message = "Deep.", At = firedAt }, CancellationToken.None);
        if (resolvedAt is { } at)
        {
            await store.ResolveAlertAsync(new ResolveAlertRequest { Rule = "depth", Subject = subject, At = at }, CancellationToken.None);
        }
    }
}
