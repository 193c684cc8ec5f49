using Conveyor.Storage;
using Npgsql;

namespace Conveyor.Postgres.Tests;

/// <summary>A fetch commits its claim without waiting for the WAL flush, and only its claim.</summary>
public sealed class PostgresClaimCommitTests
{
    [Fact]
    public async Task Fetch_LeavesTheConnectionsNextTransaction_WithTheServersDurability()
    {
        await using var db = new TestDatabase();
        await db.OpenMigratedAsync();

        // One pooled connection, never reset between uses: the transaction below runs on the connection the fetch
        // used, and sees whatever the fetch left behind.
        await using var store = new PostgresJobStore(TestDatabase.ConnectionString + ";Maximum Pool Size=1;No Reset On Close=true", db.Options());
        await store.InsertAsync(TestDatabase.Job());
        Assert.Single(await store.FetchAsync());

        await using var attempt = await ((ITransactionalCompletionStore)store).BeginHandlerTransactionAsync(CancellationToken.None);
        var transaction = (NpgsqlTransaction)attempt.Transaction;
        await using var show = new NpgsqlCommand("SHOW synchronous_commit", transaction.Connection, transaction);
        Assert.Equal("on", await show.ExecuteScalarAsync());
    }
}
