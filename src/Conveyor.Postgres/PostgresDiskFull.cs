using Npgsql;

namespace Conveyor.Postgres;

/// <summary>
/// PostgreSQL's <c>53100 disk_full</c> ("could not extend file …: No space left on device") said the way a caller
/// needs it: the server's disk is full, and what of the call was stored. A statement that fails so stored nothing, in
/// autocommit as in a transaction.
/// </summary>
internal static class PostgresDiskFull
{
    /// <summary>Whether <paramref name="ex"/> is <c>53100 disk_full</c>.</summary>
    public static bool Is(PostgresException ex) => ex.SqlState == PostgresErrorCodes.DiskFull;

    /// <summary>The same error (same SQLSTATE, severity, detail and hint), with a message saying the disk is full and <paramref name="outcome"/>.</summary>
    public static PostgresException Explain(PostgresException ex, string outcome) =>
        new($"The disk of the job store's PostgreSQL server is full ({ex.MessageText}): {outcome}. Free space on the server's disk and try again.",
            ex.Severity, ex.InvariantSeverity, ex.SqlState, ex.Detail, ex.Hint);
}
