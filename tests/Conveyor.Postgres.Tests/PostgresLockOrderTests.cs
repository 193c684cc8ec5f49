using Conveyor.Storage;

namespace Conveyor.Postgres.Tests;

/// <summary>Statements that lock many jobs lock them in id order, so concurrent ones queue instead of deadlocking.</summary>
public sealed class PostgresLockOrderTests
{
    [Fact]
    public async Task CompleteAndExtendLeases_NeverDeadlock_WhenTheyTakeTheSameJobsInOppositeOrders()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var renewer = db.Open();

        for (var round = 0; round < 100; round++)
        {
            await store.InsertAsync([.. Enumerable.Range(0, 100).Select(_ => TestDatabase.Job())]);
            var jobs = await store.FetchAsync(limit: 100);
            var renewal = renewer.ExtendLeasesAsync(
                new ExtendLeasesRequest { Owner = StoreCalls.Owner, Leases = [.. jobs.Reverse().Select(j => new LeaseRef(j.Id, j.Attempt))], LeaseDuration = StoreCalls.Lease },
                CancellationToken.None).AsTask();
            var completion = store.CompleteAsync([.. jobs.Select(j => StoreCalls.Completion(j, CompletionKind.Completed, DateTimeOffset.UnixEpoch))]);

            // PostgreSQL would end one side of a deadlock with SQLSTATE 40P01 after deadlock_timeout.
            await Task.WhenAll(renewal, completion);
            Assert.Equal(jobs.Count, (await completion).Applied);
        }
    }
}
