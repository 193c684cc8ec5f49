using System.Text.Json;

namespace Conveyor.Cli.Tests;

public sealed class BatchesCommandTests
{
    [Theory]
    [EveryStore]
    public async Task EnqueueAfter_HoldsAContinuation_ThatBatchesListAndShowDescribe(string kind)
    {
        await using var db = TestStores.Create(kind);
        var parent = (await Cli.RunAsync("--store", db.Store, "enqueue", "charge_payment", "--args", """{"orderId": 7}""")).Out.Trim();

        var continuation = await Cli.RunAsync("--store", db.Store, "enqueue", "send_receipt", "--args", """{"orderId": 7}""", "--after", parent, "--queue", "high");

        Assert.Equal(0, continuation.ExitCode);
        var callbackId = long.Parse(continuation.Out.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using (var job = JsonDocument.Parse((await Cli.RunAsync("--store", db.Store, "jobs", "show", continuation.Out.Trim(), "--json")).Out))
        {
            Assert.Equal(("send_receipt", "high", "scheduled", true), (job.RootElement.GetProperty("kind").GetString(), job.RootElement.GetProperty("queue").GetString(), job.RootElement.GetProperty("state").GetString(), job.RootElement.GetProperty("heldForBatch").GetBoolean()));
        }

        Assert.Contains("held for its batch", (await Cli.RunAsync("--store", db.Store, "jobs", "list")).Out, StringComparison.Ordinal);
        long batchId;
        using (var listed = JsonDocument.Parse((await Cli.RunAsync("--store", db.Store, "batches", "list", "--open", "--json")).Out))
        {
            var batch = Assert.Single(listed.RootElement.GetProperty("batches").EnumerateArray());
            batchId = batch.GetProperty("id").GetInt64();
            Assert.Equal((callbackId, "all-succeeded", 1), (batch.GetProperty("callbackJobId").GetInt64(), batch.GetProperty("condition").GetString(), batch.GetProperty("total").GetInt32()));
            Assert.Equal(JsonValueKind.Null, batch.GetProperty("closedAt").ValueKind);
            Assert.Equal(JsonValueKind.Null, batch.GetProperty("counts").ValueKind);
        }

        using (var shown = JsonDocument.Parse((await Cli.RunAsync("--store", db.Store, "batches", "show", batchId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json")).Out))
        {
            var member = Assert.Single(shown.RootElement.GetProperty("jobs").EnumerateArray());
            Assert.Equal((long.Parse(parent, System.Globalization.CultureInfo.InvariantCulture), "available"), (member.GetProperty("id").GetInt64(), member.GetProperty("state").GetString()));
        }

        var text = await Cli.RunAsync("--store", db.Store, "batches", "show", batchId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"batch {batchId}: 1 jobs, open; callback job {callbackId} runs when all-succeeded", text.Out, StringComparison.Ordinal);
        Assert.Contains("open", (await Cli.RunAsync("--store", db.Store, "batches", "list")).Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--after", "404", "no job has the id 404")]
    [InlineData("--when", "sometimes", "Unknown --when 'sometimes'")]
    [InlineData("--delay", "5s", "--after cannot go with --delay or --unique-key")]
    public async Task EnqueueAfter_RefusesBadInput_WithOneErrorLine(string option, string value, string error)
    {
        await using var db = TestStores.Create("sqlite");
        var parent = (await Cli.RunAsync("--store", db.Store, "enqueue", "charge_payment")).Out.Trim();
        string[] after = option == "--after" ? [] : ["--after", parent];

        var run = await Cli.RunAsync(["--store", db.Store, "enqueue", "send_receipt", .. after, option, value]);

        run.AssertOneErrorLine(error);
        Assert.Contains("No batches.", (await Cli.RunAsync("--store", db.Store, "batches", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchesShow_SaysSo_WhenThereIsNoSuchBatch()
    {
        await using var db = TestStores.Create("sqlite");
        await Cli.RunAsync("--store", db.Store, "migrate");

        (await Cli.RunAsync("--store", db.Store, "batches", "show", "9")).AssertOneErrorLine("Batch 9 does not exist");
    }
}
