using System.Text.Json;
using Conveyor.Diagnostics;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;

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

    [Theory]
    [EveryStore]
    public async Task StatsWatchJson_PrintsOneDocumentPerRefreshWithTheLastWholeMinute_WhenACountIsGiven(string kind)
    {
        await using var db = TestStores.Create(kind);
        await Cli.RunAsync("--store", db.Store, "enqueue", "call_partner_api", "--args", """{"orderId": 1}""", "--queue", "partners");
        var lastMinute = QueueMinute.StartOf(TimeProvider.System.GetUtcNow()).AddMinutes(-1);
        await RecordAsync(db.Store, new QueueMinute { Queue = "partners", Minute = lastMinute, Processed = 42, Failed = 3, Durations = new long[DurationBuckets.Count] });

        var run = await Cli.RunAsync("--store", db.Store, "stats", "--json", "--watch", "--interval", "50ms", "--count", "2");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(1, json.RootElement.GetProperty("queues").GetProperty("partners").GetProperty("available").GetInt64());
            var partners = json.RootElement.GetProperty("lastMinute").GetProperty("partners");
            // The minute may have turned between recording and reading; then the recorded one is two minutes back.
            if (json.RootElement.GetProperty("minute").GetDateTimeOffset() == lastMinute)
            {
                Assert.Equal((42, 3), (partners.GetProperty("processed").GetInt64(), partners.GetProperty("failed").GetInt64()));
            }
        }
    }

    [Fact]
    public async Task StatsWatch_PrintsATablePerRefresh_WhenRedirectedWithACount()
    {
        await using var db = TestStores.Create("sqlite");
        await Cli.RunAsync("--store", db.Store, "enqueue", "call_partner_api", "--args", """{"orderId": 1}""", "--queue", "partners");

        var run = await Cli.RunAsync("--store", db.Store, "stats", "--watch", "--interval", "50ms", "--count", "3");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.Out.Split("all queues").Length - 1);
        Assert.Contains("processed/min", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_FailsWithOneLine_WhenTheCountIsBelowOne()
    {
        await using var db = TestStores.Create("sqlite");
        await Cli.RunAsync("--store", db.Store, "enqueue", "call_partner_api", "--args", """{"orderId": 1}""");

        var run = await Cli.RunAsync("--store", db.Store, "stats", "--count", "0");

        run.AssertOneErrorLine("--count must be at least 1");
    }

    private static async Task RecordAsync(string store, QueueMinute minute)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConveyor(c => StoreSpec.Parse(store).Apply(c));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IStatsStore>().RecordStatsAsync(new RecordStatsRequest { Minutes = [minute] }, CancellationToken.None);
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
