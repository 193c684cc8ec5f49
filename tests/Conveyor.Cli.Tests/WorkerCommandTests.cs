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
}
