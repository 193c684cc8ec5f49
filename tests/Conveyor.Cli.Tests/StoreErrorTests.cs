using StackExchange.Redis;

namespace Conveyor.Cli.Tests;

public sealed class StoreErrorTests
{
    private const string Unreachable = "postgres:Host=127.0.0.1;Port=1;Username=app;Password=hunter2;Timeout=5";
    private const string UnreachableRedis = "redis:127.0.0.1:1,password=hunter2,connectTimeout=2000";

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

    public static TheoryData<string, string, string[]> UnreachableServers()
    {
        string[][] commands = [["stats"], ["jobs", "list"], ["enqueue", "generate_sales_report"], ["migrate"], ["demo", "--duration", "5s"], ["worker"]];
        var data = new TheoryData<string, string, string[]>();
        foreach (var command in commands)
        {
            data.Add(Unreachable, "error: Cannot reach PostgreSQL at 127.0.0.1:1: connection refused", command);
            data.Add(UnreachableRedis, "error: Cannot reach Redis at 127.0.0.1:1: unable to connect (refused, unknown host or timed out)", command);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnreachableServers))]
    public async Task AnyCommand_FailsWithOneLineWithoutThePassword_WhenTheServerIsUnreachable(string store, string expected, string[] command)
    {
        var run = await Cli.RunAsync(["--store", store, .. command]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(expected, run.Error.Trim());
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

    [Fact]
    public async Task AnyCommand_FailsWithOneLinePointingAtAllowUnsafe_WhenRedisCannotBeCheckedOrAllowUnsafeIsGiven()
    {
        await using var prefix = new RedisPrefix();
        var user = $"cli_{Guid.NewGuid():N}";
        await using var admin = await ConnectionMultiplexer.ConnectAsync(TestRedis.Configuration);
        var database = admin.GetDatabase();
        // A user that may run everything but CONFIG: the store cannot check the server's eviction policy.
        await database.ExecuteAsync("ACL", "SETUSER", user, "on", ">hunter2", "~*", "&*", "+@all", "-config");
        try
        {
            var store = $"{prefix.Store},user={user},password=hunter2";

            var refused = await Cli.RunAsync("--store", store, "migrate");
            var allowed = await Cli.RunAsync("--store", store + ",allowUnsafe=true", "migrate");

            refused.AssertOneErrorLine($"error: Unsafe Redis: Redis at {TestRedis.Configuration} refused CONFIG GET (");
            Assert.EndsWith("To run anyway, add allowUnsafe=true to the store.", refused.Error.Trim(), StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", refused.Out + refused.Error, StringComparison.Ordinal);
            Assert.Equal(0, allowed.ExitCode);
            Assert.Contains("migrated from version 0 (no tables) to 1 (latest)", allowed.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", allowed.Out + allowed.Error, StringComparison.Ordinal);
        }
        finally
        {
            await database.ExecuteAsync("ACL", "DELUSER", user);
        }
    }
}
