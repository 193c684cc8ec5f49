namespace Conveyor.Sqlite;

/// <summary>How SQLite syncs commits to disk.</summary>
public enum SqliteSynchronous
{
    /// <summary>Every commit is on disk before it is acknowledged: survives power loss (default).</summary>
    Full,

    /// <summary>Commits survive a process crash; the last ones may be lost on power loss or an OS crash.</summary>
    Normal,

    /// <summary>Refused: a crash could corrupt the database or lose acknowledged jobs.</summary>
    Off,
}

/// <summary>Settings of the SQLite store.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The durability of commits (default <see cref="SqliteSynchronous.Full"/>). <see cref="SqliteSynchronous.Off"/> is refused.</summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>How long a writer waits for another process's write lock before failing (default 5 s).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
