using System.Text.Json;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Cli.Tests;

public sealed class AlertsCommandTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [EveryStore]
    public async Task Alerts_ListsTheFiringAlerts_AndWithAllTheHistoryNewestFirst(string kind)
    {
        await using var db = TestStores.Create(kind);
        await Cli.RunAsync("--store", db.Store, "migrate");
        await SeedAsync(db.Store);

        var firing = await Cli.RunAsync("--store", db.Store, "alerts");
        var firingJson = await Cli.RunAsync("--store", db.Store, "alerts", "--json");
        var history = await Cli.RunAsync("--store", db.Store, "alerts", "--all", "--json");
        var limited = await Cli.RunAsync("--store", db.Store, "alerts", "--all", "--limit", "1", "--json");

        Assert.Equal((0, 0, 0, 0), (firing.ExitCode, firingJson.ExitCode, history.ExitCode, limited.ExitCode));
        Assert.Contains("no_worker", firing.Out, StringComparison.Ordinal);
        Assert.Contains("No live worker works queue mail.", firing.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("error_rate", firing.Out, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(firingJson.Out))
        {
            var alert = Assert.Single(json.RootElement.GetProperty("alerts").EnumerateArray());
            Assert.Equal(("firing", "no_worker", "mail", "unhealthy"), (alert.GetProperty("status").GetString(), alert.GetProperty("rule").GetString(), alert.GetProperty("subject").GetString(), alert.GetProperty("severity").GetString()));
            Assert.Equal(At.AddHours(1), alert.GetProperty("firedAt").GetDateTimeOffset());
            Assert.Equal(JsonValueKind.Null, alert.GetProperty("resolvedAt").ValueKind);
        }

        using (var json = JsonDocument.Parse(history.Out))
        {
            var alerts = json.RootElement.GetProperty("alerts").EnumerateArray().ToList();
            Assert.Equal(["no_worker", "error_rate"], alerts.Select(a => a.GetProperty("rule").GetString()));
            Assert.Equal(("resolved", At.AddMinutes(42)), (alerts[1].GetProperty("status").GetString(), alerts[1].GetProperty("resolvedAt").GetDateTimeOffset()));
        }

        using (var json = JsonDocument.Parse(limited.Out))
        {
            Assert.Equal("no_worker", Assert.Single(json.RootElement.GetProperty("alerts").EnumerateArray()).GetProperty("rule").GetString());
        }
    }

    [Fact]
    public async Task Alerts_SaysSo_WhenNoneIsFiring()
    {
        await using var db = TestStores.Create("sqlite");
        await Cli.RunAsync("--store", db.Store, "migrate");

        var run = await Cli.RunAsync("--store", db.Store, "alerts");
        var all = await Cli.RunAsync("--store", db.Store, "alerts", "--all");

        Assert.Equal((0, 0), (run.ExitCode, all.ExitCode));
        Assert.Contains("No alert is firing.", run.Out, StringComparison.Ordinal);
        Assert.Contains("No alert has fired.", all.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_FailsWithOneLine_WhenTheLimitIsOutOfRange()
    {
        await using var db = TestStores.Create("sqlite");
        await Cli.RunAsync("--store", db.Store, "migrate");

        (await Cli.RunAsync("--store", db.Store, "alerts", "--all", "--limit", "0")).AssertOneErrorLine("--limit must be 1 to 10000");
    }

    /// <summary>An alert that fired and resolved 42 minutes later, then one still firing.</summary>
    private static async Task SeedAsync(string store)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConveyor(c => StoreSpec.Parse(store).Apply(c));
        await using var provider = services.BuildServiceProvider();
        var alerts = provider.GetRequiredService<IAlertStore>();
        await alerts.FireAlertAsync(new FireAlertRequest { Rule = "error_rate", Subject = "flaky", Severity = "degraded", Message = "Queue flaky failed 30% of its attempts.", At = At }, CancellationToken.None);
        await alerts.ResolveAlertAsync(new ResolveAlertRequest { Rule = "error_rate", Subject = "flaky", At = At.AddMinutes(42) }, CancellationToken.None);
        await alerts.FireAlertAsync(new FireAlertRequest { Rule = "no_worker", Subject = "mail", Severity = "unhealthy", Message = "No live worker works queue mail.", At = At.AddHours(1) }, CancellationToken.None);
    }
}
