using System.Text;
using Conveyor.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Sqlite.Tests;

/// <summary>
/// A database file in its own temporary directory, the stores opened on it, and the directory deleted afterwards.
/// Create one per test.
/// </summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("conveyor-sqlite-");
    private readonly List<IDisposable> _opened = [];

    public TempDatabase() => Path = System.IO.Path.Combine(_directory.FullName, "jobs.db");

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>A path for another file in the same directory (deleted with it).</summary>
    public string Sibling(string name) => System.IO.Path.Combine(_directory.FullName, name);

    /// <summary>A fake clock at a fixed start.</summary>
    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Opens another store instance on the file (not migrated).</summary>
    public SqliteJobStore Open(TimeProvider? time = null, SqliteStoreOptions? options = null)
    {
        var store = new SqliteJobStore(Path, options ?? new SqliteStoreOptions(), time ?? NewClock());
        _opened.Add(store);
        return store;
    }

    /// <summary>Opens a store instance and migrates the file to the latest version.</summary>
    public async Task<SqliteJobStore> OpenMigratedAsync(TimeProvider? time = null, SqliteStoreOptions? options = null)
    {
        var store = Open(time, options);
        await store.MigrateAsync(null, CancellationToken.None);
        return store;
    }

    /// <summary>An application's own open connection to <paramref name="path"/> (default: this database), unpooled.</summary>
    public SqliteConnection Connect(string? path = null)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path ?? Path, Pooling = false }.ToString());
        _opened.Add(connection);
        connection.Open();
        return connection;
    }

    /// <summary>A job of kind <c>test</c> on the default queue.</summary>
    public static NewJob Job(string? uniqueKey = null, int maxAttempts = 5, string kind = "test") => new()
    {
        Kind = kind,
        Queue = "default",
        Args = Encoding.UTF8.GetBytes("{}"),
        MaxAttempts = maxAttempts,
        UniqueKey = uniqueKey,
    };

    public void Dispose()
    {
        foreach (var opened in _opened)
        {
            opened.Dispose();
        }

        _directory.Delete(recursive: true);
    }
}
