using Conveyor.Storage;
using Npgsql;

namespace Conveyor.Postgres.Tests;

/// <summary>
/// A take that waits for its key's advisory lock says how long it waited before it was counted, so the worker does not
/// charge that wait against the start allowance it has after the count (RateLimitAdmission.StartWithin).
/// </summary>
public sealed class PostgresRateLimitQueueTests
{
    [Fact]
    public async Task TryTake_ReportsTheWaitForItsKeysLock_AsQueued()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var connection = await db.ConnectAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var hold = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@space), hashtext(@key))", connection, transaction);
            hold.Parameters.AddWithValue("space", $"conveyor.rate_limits.{db.Schema}");
            hold.Parameters.AddWithValue("key", "partner");
            await hold.ExecuteNonQueryAsync();

            var take = store.TryTakeAsync(new RateLimitRequest { Key = "partner", Limit = 5, Period = TimeSpan.FromSeconds(1) }, CancellationToken.None).AsTask();
            await Task.Delay(300);
            Assert.False(take.IsCompleted);
            await transaction.CommitAsync();

            var taken = await take.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(taken.Allowed);
            Assert.InRange(taken.Queued, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        }

        var free = await store.TryTakeAsync(new RateLimitRequest { Key = "partner", Limit = 5, Period = TimeSpan.FromSeconds(1) }, CancellationToken.None);
        Assert.InRange(free.Queued, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
    }
}
