using Conveyor.Storage;

namespace Conveyor.Postgres.Tests;

/// <summary>
/// Ordering keys where PostgreSQL differs from one writer at a time: ids come from a sequence, so a line's inserts are
/// serialised by its advisory lock, and a job committed later than a peer never has the lower id.
/// </summary>
public sealed class PostgresLineLockTests
{
    [Fact]
    public async Task InsertAsync_WaitsForAnOpenTransactionWithAJobOfTheSameLine_SoTheLineCommitsInIdOrder()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var connection = await db.ConnectAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var first = (await store.InsertAsync(new InsertJobsRequest { Jobs = [Ordered("account-7")], Transaction = transaction }, CancellationToken.None)).Jobs[0].Id;

        var second = store.InsertAsync(Ordered("account-7"));
        var otherLine = (await store.InsertAsync(Ordered("account-8")))[0];
        await Task.Delay(300);
        Assert.False(second.IsCompleted);
        Assert.Equal(otherLine, Assert.Single(await store.FetchAsync()).Id);
        await transaction.CommitAsync();

        var secondId = (await second.WaitAsync(TimeSpan.FromSeconds(10)))[0];
        Assert.True(secondId > first, $"The job inserted after the commit has id {secondId}, not above {first}.");
        Assert.Equal(first, Assert.Single(await store.FetchAsync()).Id);
    }

    private static NewJob Ordered(string key) => TestDatabase.Job() with { OrderingKey = key };
}
