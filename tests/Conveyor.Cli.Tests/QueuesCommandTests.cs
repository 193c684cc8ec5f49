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

    [Theory]
    [EveryStore]
    public async Task QueuesList_ShowsHowLongTheNextJobHasWaited_AndNoneForAQueueWithNothingAvailable(string kind)
    {
        await using var db = TestStores.Create(kind);
        var before = TimeProvider.System.GetUtcNow();
        await Cli.RunAsync("--store", db.Store, "enqueue", "send_email", "--queue", "mail");
        await Cli.RunAsync("--store", db.Store, "enqueue", "send_email", "--queue", "later", "--delay", "1h");

        var run = await Cli.RunAsync("--store", db.Store, "queues", "list", "--json");
        var table = await Cli.RunAsync("--store", db.Store, "queues", "list");

        var after = TimeProvider.System.GetUtcNow();
        using var listed = JsonDocument.Parse(run.Out);
        var queues = listed.RootElement.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!);
        Assert.Equal(JsonValueKind.Null, queues["later"].GetProperty("nextDueAt").ValueKind);
        Assert.Equal(0, queues["later"].GetProperty("latencySeconds").GetDouble());
        Assert.InRange(queues["mail"].GetProperty("nextDueAt").GetDateTimeOffset(), before.AddSeconds(-1), after);
        Assert.InRange(queues["mail"].GetProperty("latencySeconds").GetDouble(), 0, (after - before).TotalSeconds + 1);
        Assert.Contains("none waiting", table.Out, StringComparison.Ordinal);
        Assert.Matches(@"mail\s.*active\s.*\d+\.\d s", table.Out);
    }

    [Fact]
    public async Task QueuesPause_RefusesAnInvalidName()
    {
        await using var db = TestStores.Create("sqlite");
        await Cli.RunAsync("--store", db.Store, "migrate");

        (await Cli.RunAsync("--store", db.Store, "queues", "pause", "no spaces")).AssertOneErrorLine("no spaces");
    }
}
