using System.Globalization;
using System.Text.Json;

namespace Conveyor.Cli.Tests;

/// <summary>Every command that acts prints one JSON document with <c>--json</c>, for scripts, and keeps its exit code.</summary>
public sealed class JsonOutputTests
{
    [Theory]
    [EveryStore]
    public async Task JobsDelete_DeletesWaitingAndFinishedJobs_AndRefusesARunningOrMissingOne(string kind)
    {
        await using var db = TestStores.Create(kind);
        var waiting = await EnqueueAsync(db.Store, "send_email");
        var dead = await Jobs.DiscardedPaymentAsync(db.Store);

        var run = await Cli.RunAsync("--store", db.Store, "jobs", "delete", Text(waiting), Text(dead), "999999", "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal([waiting, dead], json.RootElement.GetProperty("deleted").EnumerateArray().Select(e => e.GetInt64()));
        var skipped = Assert.Single(json.RootElement.GetProperty("skipped").EnumerateArray());
        Assert.Equal((999999L, JsonValueKind.Null), (skipped.GetProperty("id").GetInt64(), skipped.GetProperty("state").ValueKind));
        Assert.Equal(string.Empty, run.Error);
        (await Cli.RunAsync("--store", db.Store, "jobs", "show", Text(waiting))).AssertOneErrorLine("does not exist");
    }

    [Theory]
    [InlineData("queues", "No queues.", "queues", "list")]
    [InlineData("workers", "No worker reported in the last hour.", "workers")]
    [InlineData("schedules", "No recurring schedules.", "recurring", "list")]
    [InlineData("batches", "No batches.", "batches", "list")]
    [InlineData("jobs", "No jobs match.", "jobs", "list")]
    [InlineData("jobs", "No jobs match.", "dlq", "list")]
    [InlineData("alerts", "No alert is firing.", "alerts")]
    [InlineData("alerts", "No alert has fired.", "alerts", "--all")]
    public async Task ListCommands_PrintAnEmptyArray_OrSayThereAreNone_OnAnEmptyStore(string name, string none, params string[] command)
    {
        await using var db = TestStores.Create("sqlite");
        await Cli.RunAsync("--store", db.Store, "migrate");

        var json = await Cli.RunAsync(["--store", db.Store, .. command, "--json"]);
        var text = await Cli.RunAsync(["--store", db.Store, .. command]);

        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal((0, 0), (json.ExitCode, document.RootElement.GetProperty(name).GetArrayLength()));
        Assert.Equal((0, none), (text.ExitCode, text.Out.Trim()));
    }

    [Fact]
    public async Task JobsCancelJson_NamesTheStateOfAJobItCouldNotCancel()
    {
        await using var db = TestStores.Create("sqlite");
        var id = await EnqueueAsync(db.Store, "send_email");
        await Cli.RunAsync("--store", db.Store, "jobs", "cancel", Text(id));

        var run = await Cli.RunAsync("--store", db.Store, "jobs", "cancel", Text(id), "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Empty(json.RootElement.GetProperty("cancelled").EnumerateArray());
        Assert.Equal("cancelled", Assert.Single(json.RootElement.GetProperty("skipped").EnumerateArray()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task EnqueueJson_PrintsTheId_ThatJobsShowFinds()
    {
        await using var db = TestStores.Create("sqlite");

        var run = await Cli.RunAsync("--store", db.Store, "enqueue", "send_email", "--args", """{"to": 1}""", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var id = json.RootElement.GetProperty("id").GetInt64();
        Assert.Equal(0, (await Cli.RunAsync("--store", db.Store, "jobs", "show", Text(id))).ExitCode);
    }

    [Fact]
    public async Task DlqJson_CountsTheMatchedAndTheActedOn_AndAnUnconfirmedPurgeDeletesNothing()
    {
        await using var db = TestStores.Create("sqlite");
        await Jobs.DiscardedPaymentAsync(db.Store);

        var unconfirmed = await Cli.RunAsync("--store", db.Store, "dlq", "purge", "--json");
        var retried = await Cli.RunAsync("--store", db.Store, "dlq", "retry", "--json");

        Assert.Equal((1, 1, 0), Counts(unconfirmed, "purged"));
        Assert.Equal((0, 1, 1), Counts(retried, "retried"));
    }

    [Fact]
    public async Task MigrateJson_GivesTheVersionsBeforeAndAfter()
    {
        await using var db = TestStores.Create("sqlite");

        var first = await Cli.RunAsync("--store", db.Store, "migrate", "--json");
        var down = await Cli.RunAsync("--store", db.Store, "migrate", "--to", "1", "--json");

        using var up = JsonDocument.Parse(first.Out);
        var latest = up.RootElement.GetProperty("latest").GetInt32();
        Assert.Equal((0, latest), (up.RootElement.GetProperty("from").GetInt32(), up.RootElement.GetProperty("to").GetInt32()));
        Assert.Equal(Enumerable.Range(1, latest), up.RootElement.GetProperty("applied").EnumerateArray().Select(e => e.GetInt32()));
        using var back = JsonDocument.Parse(down.Out);
        Assert.Equal((latest, 1), (back.RootElement.GetProperty("from").GetInt32(), back.RootElement.GetProperty("to").GetInt32()));
        Assert.Equal([1], back.RootElement.GetProperty("applied").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task RecurringAndQueuesJson_ReportEachAction()
    {
        await using var db = TestStores.Create("sqlite");

        var added = await Cli.RunAsync("--store", db.Store, "recurring", "add", "nightly", "--kind", "generate_sales_report", "--cron", "0 2 * * *", "--json");
        var changed = await Cli.RunAsync("--store", db.Store, "recurring", "add", "nightly", "--kind", "generate_sales_report", "--cron", "0 3 * * *", "--json");
        var paused = await Cli.RunAsync("--store", db.Store, "recurring", "pause", "nightly", "--json");
        var triggered = await Cli.RunAsync("--store", db.Store, "recurring", "trigger", "nightly", "--json");
        var queue = await Cli.RunAsync("--store", db.Store, "queues", "pause", "mail", "--json");

        Assert.True(Parse(added).GetProperty("added").GetBoolean());
        Assert.False(Parse(changed).GetProperty("added").GetBoolean());
        Assert.True(Parse(paused).GetProperty("paused").GetBoolean());
        Assert.Equal("nightly", Parse(triggered).GetProperty("name").GetString());
        Assert.Equal(0, (await Cli.RunAsync("--store", db.Store, "jobs", "show", Text(Parse(triggered).GetProperty("id").GetInt64()))).ExitCode);
        Assert.Equal(("mail", true), (Parse(queue).GetProperty("queue").GetString(), Parse(queue).GetProperty("paused").GetBoolean()));
    }

    private static async Task<long> EnqueueAsync(string store, string kind) =>
        long.Parse((await Cli.RunAsync("--store", store, "enqueue", kind)).Out.Trim(), CultureInfo.InvariantCulture);

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static JsonElement Parse(CliRun run)
    {
        Assert.Equal(0, run.ExitCode);
        return JsonDocument.Parse(run.Out).RootElement.Clone();
    }

    private static (int ExitCode, int Matched, int Acted) Counts(CliRun run, string verb)
    {
        using var json = JsonDocument.Parse(run.Out);
        return (run.ExitCode, json.RootElement.GetProperty("matched").GetInt32(), json.RootElement.GetProperty(verb).GetInt32());
    }
}
