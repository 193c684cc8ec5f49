using Conveyor.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite.Tests;

/// <summary>
/// Writers on one file take turns with SQLite's one write lock. However steadily the others write, a waiting writer must
/// get its turn within its busy timeout: a writer that starves fails with "database is locked", an error the store
/// should never pass on while the file is merely busy.
/// </summary>
public sealed class SqliteWriteLockTests
{
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task InsertAsync_NeverFailsLocked_WhenSixInstancesWriteWithoutPause()
    {
        using var db = new TempDatabase();
        await db.OpenMigratedAsync(TimeProvider.System);
        // A short busy timeout: a writer waiting a second while five others write is starving, not waiting its turn.
        var options = new SqliteStoreOptions { BusyTimeout = TimeSpan.FromSeconds(1) };
        var stores = Enumerable.Range(0, 6).Select(_ => db.Open(TimeProvider.System, options)).ToList();

        var writers = await Task.WhenAll(stores.Select(store => Task.Factory.StartNew(
            () => WriteWithoutPauseAsync(store), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));

        Assert.All(writers, w => Assert.True(w.Locked == 0, $"{w.Locked} inserts failed with the lock held by others ({w.Inserted} went in)."));
        Assert.All(writers, w => Assert.True(w.Inserted > 0, "A writer never got the lock."));
    }

    private static async Task<(int Inserted, int Locked)> WriteWithoutPauseAsync(SqliteJobStore store)
    {
        var (inserted, locked) = (0, 0);
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < RunFor)
        {
            try
            {
                // Each call is one write transaction, back to back (the store's calls complete synchronously).
                await store.InsertAsync(new InsertJobsRequest { Jobs = [TempDatabase.Job()] }, CancellationToken.None);
                inserted++;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 5)
            {
                locked++;
            }
        }

        return (inserted, locked);
    }
}
