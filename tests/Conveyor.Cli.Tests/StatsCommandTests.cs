using System.Text.Json;

namespace Conveyor.Cli.Tests;

public sealed class StatsCommandTests
{
    [Theory]
    [EveryStore]
    public async Task StatsJson_CountsEveryQueueAndState_WhenJobsWereEnqueued(string kind)
    {
        await using var db = TestStores.Create(kind);
        Assert.Equal(0, (await Cli.RunAsync("--store", db.Store, "enqueue", "send_confirmation_email", "--args", """{"orderId": 7}""", "--queue", "high")).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("--store", db.Store, "enqueue", "sync_customer_to_crm", "--args", """{"email": "a@example.com"}""")).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("--store", db.Store, "enqueue", "generate_sales_report", "--args", """{"period": "day"}""", "--delay", "10m")).ExitCode);

        var run = await Cli.RunAsync("--store", db.Store, "stats", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var totals = json.RootElement.GetProperty("totals");
        Assert.Equal(
            ["available", "scheduled", "running", "retryable", "completed", "discarded", "cancelled"],
            totals.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(2, totals.GetProperty("available").GetInt64());
        Assert.Equal(1, totals.GetProperty("scheduled").GetInt64());
        var queues = json.RootElement.GetProperty("queues");
        Assert.Equal(["default", "high"], queues.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(1, queues.GetProperty("high").GetProperty("available").GetInt64());
        Assert.Equal(1, queues.GetProperty("default").GetProperty("scheduled").GetInt64());
        Assert.Equal(0, queues.GetProperty("default").GetProperty("discarded").GetInt64());
    }

    [Theory]
    [EveryStore]
    public async Task Stats_PrintsATableWithEachQueue_WithoutJson(string kind)
    {
        await using var db = TestStores.Create(kind);
        await Cli.RunAsync("--store", db.Store, "enqueue", "call_partner_api", "--args", """{"orderId": 1}""", "--queue", "partners");

        var run = await Cli.RunAsync("--store", db.Store, "stats");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("partners", run.Out, StringComparison.Ordinal);
        Assert.Contains("all queues", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_FailsWithOneLine_WhenTheDatabaseIsMissing()
    {
        using var db = new TempDatabase();

        var run = await Cli.RunAsync("--store", db.Store, "stats");

        run.AssertOneErrorLine("No Conveyor database at");
        Assert.False(File.Exists(db.Path));
    }

    [Fact]
    public async Task Stats_FailsWithOneLine_WhenThePostgresSchemaHasNoTables()
    {
        await using var schema = new PostgresSchema();

        var run = await Cli.RunAsync("--store", schema.Store, "stats");

        run.AssertOneErrorLine($"No Conveyor tables in schema {schema.Name} of database");
    }

    [Fact]
    public async Task Stats_FailsWithOneLine_WhenTheRedisPrefixHasNoKeys()
    {
        await using var prefix = new RedisPrefix();

        var run = await Cli.RunAsync("--store", prefix.Store, "stats");

        run.AssertOneErrorLine($"No Conveyor keys in prefix {prefix.Name} on redis {TestRedis.Configuration}: check --store, or create them with `conveyor migrate`.");
    }
}
