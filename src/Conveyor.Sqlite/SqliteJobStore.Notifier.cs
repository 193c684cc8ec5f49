namespace Conveyor.Sqlite;

/// <summary>Cross-process wake-ups for <see cref="SqliteJobStore"/>: every commit appends to the <c>-wal</c> file.</summary>
public sealed partial class SqliteJobStore
{
    /// <summary>
    /// Watches the database's write-ahead log (inotify on Linux) and calls <paramref name="onJobsAvailable"/>
    /// (with null: any queue) when another connection or process commits. A missed event costs one poll interval.
    /// </summary>
    public ValueTask<IAsyncDisposable> ListenAsync(Action<string?> onJobsAvailable, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onJobsAvailable);
        var watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileName(Path) + "-wal")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
        };
        watcher.Changed += (_, _) => onJobsAvailable(null);
        watcher.Created += (_, _) => onJobsAvailable(null);
        watcher.EnableRaisingEvents = true;
        return ValueTask.FromResult<IAsyncDisposable>(new WatcherHandle(watcher));
    }

    private sealed class WatcherHandle(FileSystemWatcher watcher) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            watcher.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
