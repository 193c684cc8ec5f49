namespace Conveyor.Cli.Tests;

public sealed class MigrateCommandTests
{
    [Theory]
    [EveryStore]
    public async Task Migrate_AppliesTheLatestVersionOnce_WhenRunTwice(string kind)
    {
        await using var db = TestStores.Create(kind);

        var first = await Cli.RunAsync("--store", db.Store, "migrate");
        var second = await Cli.RunAsync("--store", db.Store, "migrate");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains(": migrated from version 0 (no tables) to ", first.Out, StringComparison.Ordinal);
        Assert.Contains("(latest)", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains(": already at version ", second.Out, StringComparison.Ordinal);
        Assert.Equal(AppliedLine(first), AppliedLine(second));
        Assert.StartsWith("applied versions: 1", AppliedLine(second), StringComparison.Ordinal);
        Assert.Equal(0, (await Cli.RunAsync("--store", db.Store, "stats")).ExitCode);
    }

    [Theory]
    [EveryStore]
    public async Task MigrateTo_RemovesAndRestoresTheTables_WhenGoingDownToZeroAndBackUp(string kind)
    {
        await using var db = TestStores.Create(kind);
        await Cli.RunAsync("--store", db.Store, "enqueue", "generate_sales_report");

        var down = await Cli.RunAsync("--store", db.Store, "migrate", "--to", "0");
        var statsWhenDown = await Cli.RunAsync("--store", db.Store, "stats");
        var up = await Cli.RunAsync("--store", db.Store, "migrate", "--to", "1");
        var statsWhenUp = await Cli.RunAsync("--store", db.Store, "stats", "--json");

        Assert.Equal(0, down.ExitCode);
        Assert.Contains("to 0 (no tables)", down.Out, StringComparison.Ordinal);
        Assert.Equal("applied versions: none", AppliedLine(down));
        Assert.StartsWith(kind == "redis" ? "error: No Conveyor keys in prefix " : "error: No Conveyor tables in", statsWhenDown.Error, StringComparison.Ordinal);
        Assert.Equal(0, up.ExitCode);
        Assert.StartsWith("applied versions: 1", AppliedLine(up), StringComparison.Ordinal);
        Assert.Contains("\"available\": 0", statsWhenUp.Out, StringComparison.Ordinal);
    }

    [Theory]
    [EveryStore]
    public async Task MigrateTo_FailsWithOneClearLine_WhenTheVersionIsUnknown(string kind)
    {
        await using var db = TestStores.Create(kind);

        var run = await Cli.RunAsync("--store", db.Store, "migrate", "--to", "99");

        run.AssertOneErrorLine("--to: 99 is not a migration version; known: 0 (no tables), 1");
    }

    [Theory]
    [EveryStore]
    public async Task MigratePrint_PrintsTheScriptAndChangesNothing(string kind)
    {
        await using var db = TestStores.Create(kind);

        var print = await Cli.RunAsync("--store", db.Store, "migrate", "print");
        var stats = await Cli.RunAsync("--store", db.Store, "stats");

        Assert.Equal(0, print.ExitCode);
        Assert.Contains(kind == "redis" ? "Scripts/fetch.lua" : "CREATE TABLE", print.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, stats.ExitCode);
    }

    [Fact]
    public async Task Migrate_FailsWithOneClearLine_WhenTheStoreIsInMemory()
    {
        var run = await Cli.RunAsync("--store", "memory", "migrate");

        run.AssertOneErrorLine("This store has no schema to migrate");
    }

    private static string AppliedLine(CliRun run) => run.Out.Trim().Split('\n')[^1].Trim();
}
