using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>
/// SQLite's "database or disk is full" (SQLITE_FULL) said the way a caller needs it: which file, and that nothing was
/// written. A write that fails so never committed (the store rolls back and closes the connection on any error), so the
/// promise in the message holds.
/// </summary>
internal static class SqliteDiskFull
{
    /// <summary>SQLITE_FULL: a write could not grow the database or its WAL.</summary>
    public const int ErrorCode = 13;

    /// <summary>Whether <paramref name="ex"/> is SQLITE_FULL.</summary>
    public static bool Is(SqliteException ex) => ex.SqliteErrorCode == ErrorCode;

    /// <summary>The same error (same type and codes), with a message saying the disk of <paramref name="path"/> is full and <paramref name="nothingDone"/>.</summary>
    public static SqliteException Explain(SqliteException ex, string path, string nothingDone) =>
        new($"The disk of the job store's database '{path}' is full (SQLite Error 13, SQLITE_FULL): {nothingDone}; the transaction was rolled back. "
            + "Free space on that disk and try again.", ex.SqliteErrorCode, ex.SqliteExtendedErrorCode);
}
