using System.Text.Json;

namespace Conveyor.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_ExitsZeroAndLeavesProcessedJobs_WhenTheDurationEnds()
    {
        using var db = new TempDatabase();

        var run = await Cli.RunAsync("--store", db.Store, "demo", "--duration", "3s", "--rate", "10");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("orders", run.Out, StringComparison.Ordinal);
        Assert.Contains("Stopped after", run.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(db.Path));
        var stats = await Cli.RunAsync("--store", db.Store, "stats", "--json");
        using var json = JsonDocument.Parse(stats.Out);
        Assert.True(json.RootElement.GetProperty("totals").GetProperty("completed").GetInt64() > 10);
        Assert.Equal(0, json.RootElement.GetProperty("totals").GetProperty("running").GetInt64());
    }

    [Fact]
    public async Task Demo_StopsGracefully_WhenCancelled()
    {
        using var db = new TempDatabase();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ConveyorCli.InvokeAsync(["--store", db.Store, "demo", "--duration", "1m"], output, error, stop.Token);

        Assert.Equal(0, exitCode);
        Assert.Contains("Stopped after", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_RunsTheOrderShopWithoutShowingThePassword_WhenTheStoreIsPostgres()
    {
        await using var schema = new PostgresSchema();
        // The test server trusts local connections, so the password is never checked, only (not) printed.
        var store = schema.Store + ";Password=hunter2";

        var run = await Cli.RunAsync("--store", store, "demo", "--duration", "3s", "--rate", "10");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Stopped after", run.Out, StringComparison.Ordinal);
        Assert.Contains($"Store: schema {schema.Name} of database", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Out + run.Error, StringComparison.Ordinal);
        var stats = await Cli.RunAsync("--store", store, "stats", "--json");
        using var json = JsonDocument.Parse(stats.Out);
        Assert.True(json.RootElement.GetProperty("totals").GetProperty("completed").GetInt64() > 10);
        Assert.Equal(0, json.RootElement.GetProperty("totals").GetProperty("running").GetInt64());
    }

    [Fact]
    public async Task Demo_RunsTheOrderShopUnderItsPrefix_WhenTheStoreIsRedis()
    {
        await using var prefix = new RedisPrefix();

        var run = await Cli.RunAsync("--store", prefix.Store, "demo", "--duration", "3s", "--rate", "10");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Stopped after", run.Out, StringComparison.Ordinal);
        Assert.Contains($"Store: prefix {prefix.Name} on redis {TestRedis.Configuration}", run.Out, StringComparison.Ordinal);
        var stats = await Cli.RunAsync("--store", prefix.Store, "stats", "--json");
        using var json = JsonDocument.Parse(stats.Out);
        Assert.True(json.RootElement.GetProperty("totals").GetProperty("completed").GetInt64() > 10);
        Assert.Equal(0, json.RootElement.GetProperty("totals").GetProperty("running").GetInt64());
    }
}
