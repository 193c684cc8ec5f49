using System.Globalization;
using System.Text.Json;

namespace Conveyor.Cli.Tests;

public sealed class JobsCommandTests
{
    [Theory]
    [EveryStore]
    public async Task JobsListShowRetry_ReviveTheDeadLetter_WhenAPaymentWasDeclined(string kind)
    {
        await using var db = TestStores.Create(kind);
        var id = await Jobs.DiscardedPaymentAsync(db.Store);
        var idText = id.ToString(CultureInfo.InvariantCulture);

        var list = await Cli.RunAsync("--store", db.Store, "jobs", "list", "--state", "discarded", "--json");
        using (var listed = JsonDocument.Parse(list.Out))
        {
            var job = Assert.Single(listed.RootElement.GetProperty("jobs").EnumerateArray());
            Assert.Equal(id, job.GetProperty("id").GetInt64());
            Assert.Equal("charge_payment", job.GetProperty("kind").GetString());
            Assert.Contains("Card declined", job.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        }

        var show = await Cli.RunAsync("--store", db.Store, "jobs", "show", idText, "--json");
        using (var shown = JsonDocument.Parse(show.Out))
        {
            Assert.Equal("discarded", shown.RootElement.GetProperty("state").GetString());
            Assert.Equal("4000-0000-0000-0002", shown.RootElement.GetProperty("args").GetProperty("card").GetString());
            var error = Assert.Single(shown.RootElement.GetProperty("errors").EnumerateArray());
            Assert.Equal(1, error.GetProperty("attempt").GetInt32());
            Assert.Equal(typeof(PermanentJobException).FullName, error.GetProperty("type").GetString());
            Assert.False(string.IsNullOrEmpty(error.GetProperty("worker").GetString()));
            Assert.Contains("ChargePaymentHandler", error.GetProperty("stackTrace").GetString(), StringComparison.Ordinal);
        }

        var retry = await Cli.RunAsync("--store", db.Store, "jobs", "retry", idText);
        Assert.Equal(0, retry.ExitCode);
        Assert.Equal($"retried {id}", retry.Out.Trim());

        var after = await Cli.RunAsync("--store", db.Store, "jobs", "show", idText, "--json");
        using var revived = JsonDocument.Parse(after.Out);
        Assert.Equal("available", revived.RootElement.GetProperty("state").GetString());
        Assert.Single(revived.RootElement.GetProperty("errors").EnumerateArray());
    }

    [Theory]
    [EveryStore]
    public async Task JobsShow_PrintsArgumentsAndEveryError_AsText(string kind)
    {
        await using var db = TestStores.Create(kind);
        var id = await Jobs.DiscardedPaymentAsync(db.Store);

        var run = await Cli.RunAsync("--store", db.Store, "jobs", "show", id.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("charge_payment", run.Out, StringComparison.Ordinal);
        Assert.Contains("4000-0000-0000-0002", run.Out, StringComparison.Ordinal);
        Assert.Contains("Card declined", run.Out, StringComparison.Ordinal);
        Assert.Contains("attempt 1", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [EveryStore]
    public async Task JobsShowAndList_ShowTheOrderingKey_OfAJobTypeThatRunsInOrder(string kind)
    {
        await using var db = TestStores.Create(kind);
        var id = await Jobs.OrderedJobAsync(db.Store, "account-7");

        var show = await Cli.RunAsync("--store", db.Store, "jobs", "show", id.ToString(CultureInfo.InvariantCulture), "--json");
        var text = await Cli.RunAsync("--store", db.Store, "jobs", "show", id.ToString(CultureInfo.InvariantCulture));
        var list = await Cli.RunAsync("--store", db.Store, "jobs", "list", "--json");

        using var shown = JsonDocument.Parse(show.Out);
        using var listed = JsonDocument.Parse(list.Out);
        Assert.Equal("account-7", shown.RootElement.GetProperty("orderingKey").GetString());
        Assert.Equal("account-7", Assert.Single(listed.RootElement.GetProperty("jobs").EnumerateArray()).GetProperty("orderingKey").GetString());
        Assert.Contains("account-7", text.Out, StringComparison.Ordinal);
    }

    [Theory]
    [EveryStore]
    public async Task JobsCancel_CancelsAWaitingJob_AndRefusesAFinishedOne(string kind)
    {
        await using var db = TestStores.Create(kind);
        var enqueued = await Cli.RunAsync("--store", db.Store, "enqueue", "generate_sales_report", "--args", """{"period": "day"}""");
        var id = enqueued.Out.Trim();

        var first = await Cli.RunAsync("--store", db.Store, "jobs", "cancel", id);
        var second = await Cli.RunAsync("--store", db.Store, "jobs", "cancel", id);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal($"cancelled {id}", first.Out.Trim());
        Assert.Equal(1, second.ExitCode);
        Assert.Equal($"error: job {id} was not cancelled: it is cancelled", second.Error.Trim());
    }

    [Theory]
    [EveryStore]
    public async Task JobsRetry_FailsWithOneClearLine_WhenAnIdIsNotANumber(string kind)
    {
        await using var db = TestStores.Create(kind);
        await Cli.RunAsync("--store", db.Store, "enqueue", "generate_sales_report");

        var run = await Cli.RunAsync("--store", db.Store, "jobs", "retry", "1", "abc");

        run.AssertOneErrorLine("'abc' is not a job id");
    }

    [Theory]
    [EveryStore]
    public async Task JobsShow_FailsWithOneClearLine_WhenTheJobDoesNotExist(string kind)
    {
        await using var db = TestStores.Create(kind);
        await Cli.RunAsync("--store", db.Store, "enqueue", "generate_sales_report");

        var run = await Cli.RunAsync("--store", db.Store, "jobs", "show", "999");

        run.AssertOneErrorLine("Job 999 does not exist");
    }

    [Theory]
    [EveryStore]
    public async Task JobsList_FailsWithOneClearLine_WhenTheStateIsUnknown(string kind)
    {
        await using var db = TestStores.Create(kind);
        await Cli.RunAsync("--store", db.Store, "enqueue", "generate_sales_report");

        var run = await Cli.RunAsync("--store", db.Store, "jobs", "list", "--state", "dead");

        run.AssertOneErrorLine("'dead' is not a job state");
    }

    [Theory]
    [EveryStore]
    public async Task JobsList_FiltersByQueueAndKind_AsATable(string kind)
    {
        await using var db = TestStores.Create(kind);
        await Cli.RunAsync("--store", db.Store, "enqueue", "generate_sales_report", "--queue", "low");
        await Cli.RunAsync("--store", db.Store, "enqueue", "sync_customer_to_crm", "--queue", "default");

        var run = await Cli.RunAsync("--store", db.Store, "jobs", "list", "--queue", "low", "--kind", "generate_sales_report");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("generate_sales_report", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("sync_customer_to_crm", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [EveryStore]
    public async Task JobsList_FindsJobsByTagAndByTextInTheirArguments(string kind)
    {
        await using var db = TestStores.Create(kind);
        var vip = (await Cli.RunAsync("--store", db.Store, "enqueue", "send_email", "--args", """{"orderId": 4711}""", "--tag", "vip", "--tag", "eu")).Out.Trim();
        var plain = (await Cli.RunAsync("--store", db.Store, "enqueue", "send_email", "--args", """{"orderId": 815}""", "--tag", "eu")).Out.Trim();

        var byTag = await Cli.RunAsync("--store", db.Store, "jobs", "list", "--tag", "vip", "--json");
        var byText = await Cli.RunAsync("--store", db.Store, "jobs", "list", "--text", "815", "--json");
        var both = await Cli.RunAsync("--store", db.Store, "jobs", "list", "--tag", "eu", "--text", "4711", "--json");

        Assert.Equal([vip], Ids(byTag));
        Assert.Equal([plain], Ids(byText));
        Assert.Equal([vip], Ids(both));
    }

    private static string[] Ids(CliRun run)
    {
        Assert.Equal(0, run.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(run.Out);
        return [.. json.RootElement.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }
}
