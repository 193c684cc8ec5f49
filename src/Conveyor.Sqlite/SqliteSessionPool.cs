using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>A small pool of <see cref="SqliteSession"/>s on one database file, each opened with the store's pragmas.</summary>
internal sealed class SqliteSessionPool : IDisposable
{
    private readonly ConcurrentBag<SqliteSession> _idle = [];
    private readonly string _connectionString;
    private readonly SqliteStoreOptions _options;

    /// <summary>
    /// How long SQLite's busy handler waits for the write lock in one attempt of <see cref="SqliteSession.BeginImmediate"/>,
    /// which attempts again until the store's busy timeout: two looks a millisecond apart.
    /// </summary>
    public const int LockPoll = 2;

    public SqliteSessionPool(string path, SqliteStoreOptions options)
    {
        _options = options;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    public SqliteSession Rent() => _idle.TryTake(out var session) ? session : Open();

    public void Return(SqliteSession session) => _idle.Add(session);

    public void Dispose()
    {
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    private SqliteSession Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // WAL: readers never block the writer; synchronous as configured (FULL unless relaxed to NORMAL). The write lock
        // is waited for by BeginImmediate, a short look at a time; anything else busy is retried by Microsoft.Data.Sqlite
        // up to the busy timeout (DefaultTimeout).
        pragma.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(_options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")}; PRAGMA busy_timeout = {LockPoll}; PRAGMA foreign_keys = ON;");
        pragma.ExecuteNonQuery();
        return new SqliteSession(connection);
    }
}
