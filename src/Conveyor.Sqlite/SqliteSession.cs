using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Conveyor.Sqlite;

/// <summary>
/// One open connection with its prepared commands, set up once (pragmas) and reused: preparing SQL per call
/// would cost more than the work on the hot path. Used by one operation at a time.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>
    /// The prepared command of script <paramref name="script"/>, with its parameters cleared of values; it runs in the
    /// write transaction when one is open (<see cref="BeginImmediate"/>).
    /// </summary>
    public SqliteCommand Command(string script)
    {
        if (!_commands.TryGetValue(script, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = SqlScripts.Get(script);
            _commands[script] = command;
        }

        command.Parameters.Clear();
        return command;
    }

    /// <summary>
    /// Begins a write transaction (<c>BEGIN IMMEDIATE</c>: this connection holds the file's one write lock until
    /// <see cref="Commit"/> or <see cref="Rollback"/>), waiting up to <paramref name="timeout"/> for another
    /// connection's, in any process, to end.
    /// </summary>
    /// <remarks>
    /// The wait looks for the lock every millisecond or so, for as long as it lasts. SQLite's own busy handler backs off
    /// to a look every 100 ms, so under a steady stream of writers (workers and producers sharing the file) the writer
    /// that has waited longest looks least often, and can starve past its timeout while the others take turns: a
    /// "database is locked" error under load. Each attempt lets SQLite's handler wait <see cref="SqliteSessionPool.LockPoll"/>
    /// (the connection's <c>busy_timeout</c>) and then begins again at once. The transaction is SQLite's own, not a
    /// <see cref="SqliteTransaction"/>: Microsoft.Data.Sqlite retries a busy <c>BEGIN</c> only every 150 ms. The wait is
    /// measured on the real clock, as SQLite's is: it is between processes, not on the store's (injectable) clock.
    /// </remarks>
    public void BeginImmediate(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        int rc;
        while (IsBusy(rc = raw.sqlite3_exec(Connection.Handle, "BEGIN IMMEDIATE")) && Stopwatch.GetElapsedTime(started) < timeout)
        {
            // SQLite's handler has just waited a moment for the lock: look again at once.
        }

        SqliteException.ThrowExceptionForRC(rc, Connection.Handle);
    }

    /// <summary>Commits the write transaction.</summary>
    public void Commit() => SqliteException.ThrowExceptionForRC(raw.sqlite3_exec(Connection.Handle, "COMMIT"), Connection.Handle);

    /// <summary>Rolls back the write transaction, if SQLite has not already (its error may have); closing the connection would too.</summary>
    public void Rollback()
    {
        if (raw.sqlite3_get_autocommit(Connection.Handle) == 0)
        {
            raw.sqlite3_exec(Connection.Handle, "ROLLBACK");
        }
    }

    private static bool IsBusy(int rc) => (rc & 0xFF) == raw.SQLITE_BUSY;

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        Connection.Dispose();
    }
}
