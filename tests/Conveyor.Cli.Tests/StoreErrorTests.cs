namespace Conveyor.Cli.Tests;

public sealed class StoreErrorTests
{
    private const string Unreachable = "postgres:Host=127.0.0.1;Port=1;Username=app;Password=hunter2;Timeout=5";

    [Fact]
    public async Task AnyCommand_FailsWithOneClearLine_WhenTheStoreSchemeIsUnknown()
    {
        var run = await Cli.RunAsync("--store", "mongodb://localhost", "stats");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "error: Unknown store 'mongodb://localhost': use sqlite:PATH (for example sqlite:conveyor.db), "
            + "postgres:CONNSTR (for example postgres:Host=localhost;Username=app;Database=app), "
            + "redis:CONFIG (for example redis:127.0.0.1:6379) or memory.",
            run.Error.Trim());
    }

    [Theory]
    [InlineData("stats")]
    [InlineData("jobs", "list")]
    [InlineData("enqueue", "generate_sales_report")]
    [InlineData("migrate")]
    [InlineData("demo", "--duration", "5s")]
    [InlineData("worker")]
    public async Task AnyCommand_FailsWithOneLineWithoutThePassword_WhenPostgresIsUnreachable(params string[] command)
    {
        var run = await Cli.RunAsync(["--store", Unreachable, .. command]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: Cannot reach PostgreSQL at 127.0.0.1:1: connection refused", run.Error.Trim());
        Assert.DoesNotContain("hunter2", run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_MasksThePassword_WhenTheStoreIsMistyped()
    {
        var run = await Cli.RunAsync("--store", "postgresql:Host=localhost;Password=hunter2", "stats");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Password=***", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Error, StringComparison.Ordinal);
    }
}
