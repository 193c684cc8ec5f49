using Conveyor.Storage;

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
            var scans = QueryPlans.Scans(await QueryPlans.ExplainAsync(command), "jobs");
            Assert.NotEmpty(scans);
            Assert.All(scans, scan => Assert.Equal("Index Scan using jobs_pkey", scan));
        }
    }

    [Fact]
    public async Task CountJobsAndListQueues_NeverReadTheTableWhole_WhenMostJobsAreFinished()
    {
        // Its own database: in the shared one another test's open snapshot can stop VACUUM from marking the new rows
        // all visible, and the planner then rightly prefers reading the table to an index-only scan that must visit it.
        await using var db = await TestDatabase.InOwnDatabaseAsync();
        var store = await db.OpenMigratedAsync();
        await db.ScalarHereAsync(
            $"""
            INSERT INTO "{db.Schema}".jobs (scheduled_at, created_at, finalized_at, attempt, max_attempts, state, kind, queue, args)
            SELECT now(), now(), now(), 1, 20, CASE WHEN g % 10 = 0 THEN 'discarded' ELSE 'completed' END, 'test', 'q' || (g % 3), '\x7b7d'
            FROM generate_series(1, 50000) AS g
            """);
        await store.InsertAsync([.. Enumerable.Range(0, 200).Select(_ => TestDatabase.Job())]);
        await db.ScalarHereAsync($"VACUUM ANALYZE \"{db.Schema}\".jobs");

        foreach (var command in new[] { store.CountJobsCommand(), store.ListQueuesCommand() })
        {
            var plan = await QueryPlans.ExplainAsync(command, analyze: true);
            var scans = QueryPlans.Scans(plan, "jobs");
            Assert.Contains(scans, scan => scan == "Index Only Scan using jobs_finished");
            Assert.DoesNotContain(scans, scan => scan.StartsWith("Seq Scan", StringComparison.Ordinal) || scan.StartsWith("Parallel Seq Scan", StringComparison.Ordinal));
        }

        // The queues of 50,000 finished jobs are found in a few probes, not by reading them.
        Assert.True(QueryPlans.RowsRead(await QueryPlans.ExplainAsync(store.ListQueuesCommand(), analyze: true), "jobs") < 1_000);
    }

    [Fact]
    public async Task Fetch_ProbesTheLinesIndex_ForAnEarlierJobOfALine_InItsCustomAndGenericPlans()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.InsertAsync([.. Enumerable.Range(0, 2_000).Select(i => TestDatabase.Job() with { OrderingKey = $"key-{i % 50}" })]);
        await TestDatabase.ScalarAsync($"ANALYZE \"{db.Schema}\".jobs");

        var request = new FetchJobsRequest { Queue = "default", Limit = 10, Owner = StoreCalls.Owner, LeaseDuration = StoreCalls.Lease };

        foreach (var plan in new[] { await QueryPlans.ExplainAsync(store.FetchCommand(request)), await QueryPlans.ExplainGenericAsync(store.FetchCommand(request)) })
        {
            var scans = QueryPlans.Scans(plan, "jobs");
            Assert.Contains(scans, scan => scan is "Index Scan using jobs_lines" or "Index Only Scan using jobs_lines");
            Assert.DoesNotContain(scans, scan => scan.StartsWith("Seq Scan", StringComparison.Ordinal));
        }
    }
}
