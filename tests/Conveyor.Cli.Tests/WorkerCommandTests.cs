using System.Text.Json;

namespace Conveyor.Cli.Tests;

public sealed class WorkerCommandTests
{
    [Theory]
    [EveryStore]
    public async Task Worker_CompletesWaitingJobsAndStopsGracefully_WhenCancelled(string kind)
    {
        await using var db = TestStores.Create(kind);
        var id = (await Cli.RunAsync("--store", db.Store, "enqueue", "send_confirmation_email", "--args", """{"orderId": 7}""", "--queue", "high")).Out.Trim();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ConveyorCli.InvokeAsync(["--store", db.Store, "worker", "--queues", "high=2"], output, error, stop.Token);

        Assert.Equal(0, exitCode);
        Assert.Contains("worker stopped", output.ToString(), StringComparison.Ordinal);
        var show = await Cli.RunAsync("--store", db.Store, "jobs", "show", id, "--json");
        using var json = JsonDocument.Parse(show.Out);
        Assert.Equal("completed", json.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Worker_ServesPrometheusMetrics_OnItsLoopbackPort()
    {
        await using var db = TestStores.Create("sqlite");
        await Cli.RunAsync("--store", db.Store, "enqueue", "send_confirmation_email", "--args", """{"orderId": 7}""", "--queue", "high");
        var port = FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var worker = ConveyorCli.InvokeAsync(["--store", db.Store, "worker", "--queues", "high=2", "--metrics", $"127.0.0.1:{port}"], output, error, stop.Token);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var text = "";
        while (!text.Contains("outcome=\"completed\"", StringComparison.Ordinal) && !stop.IsCancellationRequested)
        {
            await Task.Delay(100, CancellationToken.None);
            try
            {
                text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), stop.Token);
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
        }

        var notFound = await http.GetAsync(new Uri("/other", UriKind.Relative), CancellationToken.None);
        var health = await http.GetAsync(new Uri("/health", UriKind.Relative), CancellationToken.None);
        using var healthJson = JsonDocument.Parse(await health.Content.ReadAsStringAsync(CancellationToken.None));
        var workers = await Cli.RunAsync("--store", db.Store, "workers", "--json");
        var table = await Cli.RunAsync("--store", db.Store, "workers");
        await stop.CancelAsync();
        Assert.Equal(0, await worker);
        Assert.Contains("conveyor_jobs_processed_total{kind=\"send_confirmation_email\",outcome=\"completed\",queue=\"high\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("conveyor_workers_idle{queue=\"high\"}", text, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("healthy", healthJson.RootElement.GetProperty("status").GetString());
        Assert.Equal("conveyor", Assert.Single(healthJson.RootElement.GetProperty("checks").EnumerateArray()).GetProperty("name").GetString());
        Assert.Contains($"metrics at http://127.0.0.1:{port}/metrics, health at http://127.0.0.1:{port}/health", output.ToString(), StringComparison.Ordinal);
        using var listed = JsonDocument.Parse(workers.Out);
        var node = Assert.Single(listed.RootElement.GetProperty("workers").EnumerateArray());
        Assert.Equal(("high=2", Environment.ProcessId, "0.1.0", true), (node.GetProperty("queues").GetString(), node.GetProperty("pid").GetInt32(), node.GetProperty("version").GetString(), node.GetProperty("alive").GetBoolean()));
        // The table's state follows the node's last heartbeat: busy while it ran the job, idle after.
        Assert.Contains(node.GetProperty("busy").GetInt32() > 0 ? "busy" : "idle", table.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0:9464", "loopback address only")]
    [InlineData("localhost", "is not ADDRESS:PORT")]
    public async Task Worker_RefusesAMetricsAddress_ThatIsNotALoopbackAddressAndPort(string address, string error)
    {
        await using var db = TestStores.Create("sqlite");

        (await Cli.RunAsync("--store", db.Store, "worker", "--metrics", address)).AssertOneErrorLine(error);
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
