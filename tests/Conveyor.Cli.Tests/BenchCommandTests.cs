using System.Text.Json;
using StackExchange.Redis;

namespace Conveyor.Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_MeasuresW1ToW4AndThePeerInWorkerProcesses_AndLeavesNoKeys_WhenTheStoreIsRedis()
    {
        var run = await Cli.RunAsync(
            "--store", $"redis:{TestRedis.Configuration}", "bench", "--runs", "1", "--jobs", "300", "--workers", "20", "--peer", "hangfire-redis", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var conveyor = json.RootElement;
        Assert.Equal("redis", conveyor.GetProperty("store").GetString());
        Assert.True(conveyor.GetProperty("w1_worker_in_other_process").GetBoolean());
        Assert.True(conveyor.GetProperty("w3_worker_in_other_process").GetBoolean());
        Assert.True(conveyor.GetProperty("w2_bulk_jobs_per_s").GetDouble() > 0);
        Assert.Equal(["1", "2", "4"], conveyor.GetProperty("w4_jobs_per_s").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(0, conveyor.GetProperty("w4_duplicates").GetInt64());
        var peer = Assert.Single(conveyor.GetProperty("peers").EnumerateArray());
        Assert.Equal("hangfire-redis", peer.GetProperty("store").GetString());
        Assert.True(peer.GetProperty("w1_jobs_per_s").GetDouble() > 0);
        Assert.True(peer.GetProperty("w1_worker_in_other_process").GetBoolean());
        Assert.Equal(JsonValueKind.Null, peer.GetProperty("w2_bulk_jobs_per_s").ValueKind);
        Assert.Equal(0, peer.GetProperty("w4_duplicates").GetInt64());
        Assert.Empty(await BenchKeysAsync());
    }

    [Fact]
    public async Task Bench_FailsWithOneClearLine_WhenThePeerNeedsAnotherStore()
    {
        var run = await Cli.RunAsync("--store", $"redis:{TestRedis.Configuration}", "bench", "--peer", "hangfire-postgres");

        run.AssertOneErrorLine("--peer hangfire-postgres runs on the PostgreSQL server of the store: use --store postgres:CONNSTR.");
    }

    /// <summary>Keys of any bench run's prefix (Conveyor's or Hangfire's) left on the test server.</summary>
    private static async Task<List<string>> BenchKeysAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(TestRedis.Configuration);
        var keys = new List<string>();
        foreach (var server in connection.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: "*_bench_*"))
            {
                keys.Add(key.ToString());
            }
        }

        return keys;
    }
}
