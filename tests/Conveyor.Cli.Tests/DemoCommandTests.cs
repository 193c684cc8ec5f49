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
    public async Task Demo_ServesTheDashboardOnTheStoreItRuns_AndPrintsItsAddress()
    {
        using var db = new TempDatabase();
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";

        var demo = Cli.RunAsync("--store", db.Store, "demo", "--duration", "6s", "--rate", "10", "--dashboard", url);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var overview = await FirstPageAsync(http, "/");
        var jobs = await http.GetStringAsync(new Uri("/jobs", UriKind.Relative));
        var run = await demo;

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"dashboard at {url}", run.Out, StringComparison.Ordinal);
        Assert.Contains("<h1>Overview</h1>", overview, StringComparison.Ordinal);
        Assert.Contains("charge_payment", jobs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_ServesTheDashboardOnAnotherPort_WhenItsPortIsTaken()
    {
        using var db = new TempDatabase();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var run = await Cli.RunAsync("--store", db.Store, "demo", "--duration", "2s", "--dashboard", $"http://127.0.0.1:{port}");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"dashboard at http://127\.0\.0\.1:\d+", run.Out);
        Assert.DoesNotContain($"dashboard at http://127.0.0.1:{port}", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_RunsWithoutADashboard_WhenAskedNotTo_AndRefusesOneBeyondThisMachine()
    {
        using var db = new TempDatabase();

        var without = await Cli.RunAsync("--store", db.Store, "demo", "--duration", "1s", "--no-dashboard");
        var remote = await Cli.RunAsync("--store", db.Store, "demo", "--duration", "1s", "--dashboard", "http://0.0.0.0:5000");

        Assert.Equal(0, without.ExitCode);
        Assert.DoesNotContain("dashboard at", without.Out, StringComparison.Ordinal);
        remote.AssertOneErrorLine("--dashboard http://0.0.0.0:5000 listens beyond this machine");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The page once the demo's dashboard answers; fails the test after 15 s.</summary>
    private static async Task<string> FirstPageAsync(HttpClient http, string path)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                return await http.GetStringAsync(new Uri(path, UriKind.Relative));
            }
            catch (HttpRequestException) when (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(100);
            }
        }
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
