using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite.Tests;

/// <summary>The durability settings: refused when unsafe, applied to every connection the store opens.</summary>
public sealed class SqliteStoreOptionsTests
{
    [Fact]
    public void Constructor_Throws_WhenSynchronousIsOff()
    {
        using var db = new TempDatabase();

        var error = Assert.Throws<ArgumentException>(() => db.Open(options: new SqliteStoreOptions { Synchronous = SqliteSynchronous.Off }));

        Assert.Contains("Synchronous", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(db.Path));
    }

    [Fact]
    public async Task Open_SetsWalJournal_WhenTheStoreFirstOpensTheFile()
    {
        using var db = new TempDatabase();
        await db.OpenMigratedAsync();

        // The journal mode is a property of the file: any other connection sees it.
        using var other = db.Connect();

        Assert.Equal("wal", Pragma(other, "journal_mode"));
    }

    [Theory]
    [InlineData(null, 2L)]
    [InlineData(SqliteSynchronous.Full, 2L)]
    [InlineData(SqliteSynchronous.Normal, 1L)]
    public async Task Open_SetsSynchronous_AsConfigured(SqliteSynchronous? configured, long expected)
    {
        using var db = new TempDatabase();
        var options = configured is { } value ? new SqliteStoreOptions { Synchronous = value } : new SqliteStoreOptions();
        var store = await db.OpenMigratedAsync(options: options);

        // synchronous is per connection, so read it on the store's own (idle, pooled) connection.
        var connections = StoreConnections(store);

        Assert.NotEmpty(connections);
        Assert.All(connections, c => Assert.Equal(expected, Pragma(c, "synchronous")));
    }

    private static object? Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return command.ExecuteScalar();
    }

    /// <summary>
    /// The store's pooled connections, read through reflection so the store exposes nothing for tests. Call only while
    /// the store is idle.
    /// </summary>
    private static List<SqliteConnection> StoreConnections(SqliteJobStore store)
    {
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
        var pool = typeof(SqliteJobStore).GetField("_pool", Private)!.GetValue(store)!;
        var idle = (System.Collections.IEnumerable)pool.GetType().GetField("_idle", Private)!.GetValue(pool)!;
        return [.. idle.Cast<object>().Select(session => (SqliteConnection)session.GetType().GetProperty("Connection")!.GetValue(session)!)];
    }
}
