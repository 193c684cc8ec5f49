using System.Text.Json;

namespace Conveyor.Cli.Tests;

public sealed class QueuesCommandTests
{
    [Theory]
    [EveryStore]
    public async Task QueuesPauseResume_SetTheSharedFlag_AndAPausedQueueStillAcceptsJobs(string kind)
    {
        await using var db = TestStores.Create(kind);
        await Cli.RunAsync("--store", db.Store, "enqueue", "send_email", "--queue", "mail");

        var paused = await Cli.RunAsync("--store", db.Store, "queues", "pause", "mail");
        var enqueued = await Cli.RunAsync("--store", db.Store, "enqueue", "send_email", "--queue", "mail");
        var table = await Cli.RunAsync("--store", db.Store, "queues", "list");

        Assert.Equal((0, "paused mail"), (paused.ExitCode, paused.Out.Trim()));
        Assert.Equal(0, enqueued.ExitCode);
        Assert.Contains("paused", table.Out, StringComparison.Ordinal);
        Assert.Equal("resumed mail", (await Cli.RunAsync("--store", db.Store, "queues", "resume", "mail")).Out.Trim());
        using var listed = JsonDocument.Parse((await Cli.RunAsync("--store", db.Store, "queues", "list", "--json")).Out);
        var queue = Assert.Single(listed.RootElement.GetProperty("queues").EnumerateArray());
        Assert.Equal(("mail", false), (queue.GetProperty("name").GetString(), queue.GetProperty("paused").GetBoolean()));
    }

    [Fact]
    public async Task QueuesPause_RefusesAnInvalidName()
    {
        await using var db = TestStores.Create("sqlite");
        await Cli.RunAsync("--store", db.Store, "migrate");

        (await Cli.RunAsync("--store", db.Store, "queues", "pause", "no spaces")).AssertOneErrorLine("no spaces");
    }
}
