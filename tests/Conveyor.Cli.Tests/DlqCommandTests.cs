using System.Text.Json;

namespace Conveyor.Cli.Tests;

public sealed class DlqCommandTests
{
    [Theory]
    [EveryStore]
    public async Task Dlq_ListsRetriesAndPurgesTheDiscardedJobs_MatchingAFilter(string kind)
    {
        await using var db = TestStores.Create(kind);
        var first = await Jobs.DiscardedPaymentAsync(db.Store);
        var second = await Jobs.DiscardedPaymentAsync(db.Store);

        using (var listed = JsonDocument.Parse((await Cli.RunAsync("--store", db.Store, "dlq", "list", "--json")).Out))
        {
            Assert.Equal([second, first], listed.RootElement.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetInt64()));
        }

        var unconfirmed = await Cli.RunAsync("--store", db.Store, "dlq", "purge");
        var otherKind = await Cli.RunAsync("--store", db.Store, "dlq", "retry", "--kind", "send_receipt");
        var purged = await Cli.RunAsync("--store", db.Store, "dlq", "purge", "--queue", "default", "--yes");

        Assert.Equal((1, "2 discarded jobs match; add --yes to delete them for good."), (unconfirmed.ExitCode, unconfirmed.Out.Trim()));
        Assert.Equal((0, "retried 0 jobs"), (otherKind.ExitCode, otherKind.Out.Trim()));
        Assert.Equal((0, "purged 2 jobs"), (purged.ExitCode, purged.Out.Trim()));
        Assert.Contains("No jobs match.", (await Cli.RunAsync("--store", db.Store, "dlq", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DlqRetry_MakesTheDeadJobsAvailableAgain()
    {
        await using var db = TestStores.Create("sqlite");
        var id = await Jobs.DiscardedPaymentAsync(db.Store);

        var retried = await Cli.RunAsync("--store", db.Store, "dlq", "retry", "--kind", "charge_payment");

        Assert.Equal((0, "retried 1 jobs"), (retried.ExitCode, retried.Out.Trim()));
        using var job = JsonDocument.Parse((await Cli.RunAsync("--store", db.Store, "jobs", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json")).Out);
        Assert.Equal(("available", 0), (job.RootElement.GetProperty("state").GetString(), job.RootElement.GetProperty("attempt").GetInt32()));
    }
}
