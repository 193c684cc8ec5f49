using System.Text.Json;
using Conveyor.Storage;
using Npgsql;

namespace Conveyor.Postgres.Tests;

/// <summary>
/// The batch statements find each job by primary key whatever the planner's statistics say. Statistics taken before
/// any job ran (right after a burst of inserts) estimate one running job; completion batches and lease renewals once
/// answered that with a plan that rescanned the whole batch for every running job (3 s for a batch of 1,000).
/// </summary>
public sealed class PostgresPlanTests
{
    [Fact]
    public async Task CompleteAndExtendLeases_FindEachJobByPrimaryKey_WhenStatisticsSayNoJobRuns()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync([.. Enumerable.Range(0, 5_000).Select(_ => TestDatabase.Job())]);
        await TestDatabase.ScalarAsync($"ANALYZE \"{db.Schema}\".jobs");
        var batch = (await store.FetchAsync(limit: 4_000)).Take(1_000).ToList();

        var completion = store.CompleteCommand([.. batch.Select(j => StoreCalls.Completion(j, CompletionKind.Completed, DateTimeOffset.UnixEpoch))], transaction: null);
        var renewal = store.ExtendLeasesCommand(new ExtendLeasesRequest
        {
            Owner = StoreCalls.Owner,
            Leases = [.. batch.Select(j => new LeaseRef(j.Id, j.Attempt))],
            LeaseDuration = StoreCalls.Lease,
        });

        foreach (var command in new[] { completion, renewal })
        {
            var scans = await ScansOfJobsAsync(command);
            Assert.NotEmpty(scans);
            Assert.All(scans, scan => Assert.Equal("Index Scan using jobs_pkey", scan));
        }
    }

    /// <summary>How the plan of <paramref name="command"/> reads the jobs table, one entry per scan node (the update node itself aside).</summary>
    private static async Task<List<string>> ScansOfJobsAsync(NpgsqlCommand command)
    {
        await using (command)
        {
            command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
            using var plan = JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!);
            return [.. Nodes(plan.RootElement[0].GetProperty("Plan"))
                .Where(node => node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "jobs"
                               && node.GetProperty("Node Type").GetString() != "ModifyTable")
                .Select(node => node.GetProperty("Node Type").GetString()
                    + (node.TryGetProperty("Index Name", out var index) ? " using " + index.GetString() : ""))];
        }
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node) =>
        node.TryGetProperty("Plans", out var children)
            ? [node, .. children.EnumerateArray().SelectMany(Nodes)]
            : [node];
}
