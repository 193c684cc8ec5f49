using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite.Tests;

/// <summary>The maintenance queries read their partial index, never the whole table, whatever the parameters.</summary>
public sealed class SqliteQueryPlanTests
{
    [Theory]
    [InlineData(null, "[]")]
    [InlineData("b", "[]")]
    [InlineData(null, "[\"a\",\"b\"]")]
    public async Task DeleteFinalized_SearchesTheFinalizedIndex(string? queue, string exceptQueues)
    {
        using var db = new TempDatabase();
        await db.OpenMigratedAsync();
        using var command = db.Connect().CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN {Script("delete_finalized")}";
        command.Parameters.AddWithValue("@state", (int)JobState.Completed);
        command.Parameters.AddWithValue("@before", 1_000_000L);
        command.Parameters.AddWithValue("@limit", 1000);
        command.Parameters.AddWithValue("@queue", (object?)queue ?? DBNull.Value);
        command.Parameters.AddWithValue("@except_queues", exceptQueues);

        var plan = Plan(command);

        Assert.Contains(plan, step => step.Contains("USING INDEX conveyor_jobs_finalized", StringComparison.Ordinal)
            || step.Contains("USING COVERING INDEX conveyor_jobs_finalized", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN conveyor_jobs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CloseBatches_ReadsOnlyTheOpenBatches_AndEachOfTheirJobsByItsKey()
    {
        using var db = new TempDatabase();
        await db.OpenMigratedAsync();
        using var command = db.Connect().CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN {Script("batch_close")}";
        command.Parameters.AddWithValue("@now", 1_000_000L);
        command.Parameters.AddWithValue("@limit", 100);

        var plan = Plan(command);

        // The one scan is of the partial index of open batches: empty when none is open, so the leader's call each second
        // costs nothing then. Jobs are looked up one by one through the batch's list, never scanned.
        Assert.Equal(["SCAN o USING INDEX conveyor_batches_open"], plan.Where(step => step.StartsWith("SCAN", StringComparison.Ordinal)));
        Assert.Contains("SEARCH m USING PRIMARY KEY (batch_id=?)", plan);
        Assert.Contains("SEARCH j USING INTEGER PRIMARY KEY (rowid=?)", plan);
    }

    [Fact]
    public async Task ListStats_ReadsOneQueuesRangeOfThePrimaryKey_OrEveryQueuesRangeOfTheMinuteIndex()
    {
        using var db = new TempDatabase();
        await db.OpenMigratedAsync();
        using var connection = db.Connect();

        var one = Plan(connection, "stats_list_queue", ("@queue", "mail"), ("@since", 1_000_000L));
        var every = Plan(connection, "stats_list", ("@since", 1_000_000L));

        Assert.Equal(["SEARCH conveyor_stats USING PRIMARY KEY (queue=? AND minute>?)"], one);
        Assert.Contains("SEARCH conveyor_stats USING INDEX conveyor_stats_minute (minute>?)", every);
        Assert.DoesNotContain(every, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteStats_ReadsTheMinuteIndex_AndDeletesEachMinuteByItsKey()
    {
        using var db = new TempDatabase();
        await db.OpenMigratedAsync();

        var plan = Plan(db.Connect(), "stats_delete", ("@before", 1_000_000L), ("@limit", 1000));

        Assert.Contains("SEARCH conveyor_stats USING COVERING INDEX conveyor_stats_minute (minute<?)", plan);
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListQueues_FindsEachQueuesNextJobThroughTheFetchIndex_WithoutSorting()
    {
        using var db = new TempDatabase();
        await db.OpenMigratedAsync();

        var plan = Plan(db.Connect(), "list_queues");

        // One step down the fetch index per queue, in its order (the one sort is the outer one, by name), so the
        // latency costs nothing at any depth.
        Assert.Contains(plan, step => step is "SEARCH conveyor_jobs USING INDEX conveyor_jobs_fetch (queue=?)" or "SEARCH conveyor_jobs USING COVERING INDEX conveyor_jobs_fetch (queue=?)");
        Assert.Single(plan, step => step == "USE TEMP B-TREE FOR ORDER BY");
    }

    [Fact]
    public async Task Fetch_ReadsTheFetchIndex_AndLooksForAnEarlierJobOfALineInTheLinesIndex()
    {
        using var db = new TempDatabase();
        await db.OpenMigratedAsync();

        var plan = Plan(db.Connect(), "fetch", ("@queue", "default"), ("@limit", 10), ("@owner", "w"), ("@now", 1_000_000L), ("@lease_expires_at", 2_000_000L));

        Assert.Contains(plan, step => step.StartsWith("SEARCH conveyor_jobs USING INDEX conveyor_jobs_fetch (queue=?)", StringComparison.Ordinal));
        Assert.Contains("SEARCH e USING INDEX conveyor_jobs_lines (queue=? AND kind=? AND ordering_key=? AND id<?)", plan);
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }

    private static List<string> Plan(SqliteConnection connection, string script, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN {Script(script)}";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Plan(command);
    }

    private static string Script(string name)
    {
        using var stream = typeof(SqliteJobStore).Assembly.GetManifestResourceStream($"Conveyor.Sqlite.Sql.{name}.sql")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static List<string> Plan(SqliteCommand command)
    {
        var steps = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }
}
