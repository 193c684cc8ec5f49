namespace Conveyor.Cli.Tests;

public sealed class EnqueueCommandTests
{
    [Theory]
    [EveryStore]
    public async Task Enqueue_PrintsTheSameId_WhenTheUniqueKeyIsHeld(string kind)
    {
        await using var db = TestStores.Create(kind);

        var first = await Cli.RunAsync("--store", db.Store, "enqueue", "sync_customer_to_crm", "--args", """{"email": "a@example.com"}""", "--unique-key", "crm:a");
        var second = await Cli.RunAsync("--store", db.Store, "enqueue", "sync_customer_to_crm", "--args", """{"email": "a@example.com"}""", "--unique-key", "crm:a");

        Assert.Equal(0, first.ExitCode);
        Assert.True(long.Parse(first.Out.Trim(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(first.Out, second.Out);
    }

    [Fact]
    public async Task Enqueue_FailsWithOneClearLine_WhenArgsAreNotJson()
    {
        using var db = new TempDatabase();

        var run = await Cli.RunAsync("--store", db.Store, "enqueue", "send_confirmation_email", "--args", "{orderId: 7");

        run.AssertOneErrorLine("not valid JSON");
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Enqueue_FailsWithOneClearLine_WhenTheDelayIsNotADuration()
    {
        using var db = new TempDatabase();

        var run = await Cli.RunAsync("--store", db.Store, "enqueue", "send_confirmation_email", "--delay", "soon");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--delay: 'soon' is not a duration", run.Error, StringComparison.Ordinal);
    }
}
