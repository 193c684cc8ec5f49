using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>
/// Cross-process notifications for <see cref="SqliteJobStore"/>: every commit appends to the <c>-wal</c> file, and a
/// cancel request for a running job also moves the <c>cancel</c> row of <c>conveyor_signals</c>.
/// </summary>
public sealed partial class SqliteJobStore
{
    /// <summary>
    /// Watches the database's write-ahead log (inotify on Linux) and calls <paramref name="onJobsAvailable"/>
    /// (with null: any queue) when another connection or process commits. A missed event costs one poll interval.
    /// </summary>
    public ValueTask<IAsyncDisposable> ListenAsync(Action<string?> onJobsAvailable, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onJobsAvailable);
        return ValueTask.FromResult<IAsyncDisposable>(new WatcherHandle(WatchWal(() => onJobsAvailable(null))));
    }

    /// <summary>
    /// Watches the write-ahead log as <see cref="ListenAsync"/> does, and on each change reads the cancel signal (which
    /// every cancel request for a running job moves, in its transaction): calls <paramref name="onCancelRequested"/> when
    /// it has moved since the last look, or since the subscription. Any commit changes the log, a lease renewal too, so
    /// only the signal tells a cancel request from other writes. A missed event costs the time to the next commit on the
    /// file, at most until the worker's next lease renewal.
    /// </summary>
    public ValueTask<IAsyncDisposable> ListenForCancelRequestsAsync(Action onCancelRequested, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onCancelRequested);
        return ValueTask.FromResult<IAsyncDisposable>(new CancelSignalWatch(this, onCancelRequested));
    }

    /// <summary>A watcher calling <paramref name="onChange"/> whenever the <c>-wal</c> file is written or created.</summary>
    private FileSystemWatcher WatchWal(Action onChange)
    {
        var watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileName(Path) + "-wal")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
        };
        watcher.Changed += (_, _) => onChange();
        watcher.Created += (_, _) => onChange();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>
    /// The cancel signal's count, or null when it cannot be read now (the file is busy or not migrated to version 4):
    /// the next change of the log brings another look, and the lease renewal stays the fallback.
    /// </summary>
    private long? ReadCancelSignal()
    {
        try
        {
            return Read(session => session.Command("cancel_signal").ExecuteScalar()) as long?;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    private sealed class WatcherHandle(FileSystemWatcher watcher) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            watcher.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// One cancel listener. A change of the log asks for a look at the signal; looks run one at a time off the watcher's
    /// thread, and changes while one runs ask for one more, so a burst of commits costs a few reads. The listener is
    /// called with no connection held and, once <see cref="DisposeAsync"/> has returned, never again.
    /// </summary>
    /// <remarks>
    /// A commit writes its frames to the log (the change seen) before readers can see it: SQLite then syncs the log (with
    /// <c>synchronous=FULL</c>) and only then publishes the commit in the <c>-shm</c> index, which raises no file event. A
    /// look right after the last change of a burst may come too early, so the log's last change is followed by more looks,
    /// <see cref="Relooks"/> apart, on the real clock (the wait is SQLite's, between processes, not on the store's clock).
    /// A commit slower than that to publish is seen at the next change of the log, or at the worker's next lease renewal.
    /// </remarks>
    private sealed class CancelSignalWatch : IAsyncDisposable
    {
        private static readonly TimeSpan[] Relooks = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)];

        // Neither is disposed, and neither holds a handle (none is asked for): the watcher may still raise an event after
        // its disposal, and the host may dispose a subscription twice.
        private readonly SemaphoreSlim _changed = new(0, 1);
        private readonly CancellationTokenSource _stop = new();
        private readonly FileSystemWatcher _watcher;
        private readonly Task _looking;

        public CancelSignalWatch(SqliteJobStore store, Action onCancelRequested)
        {
            // Watch first, then read where the signal stands: a request committed after that read changes the log again.
            _watcher = store.WatchWal(Changed);
            var seen = store.ReadCancelSignal();
            _looking = Task.Run(() => LookAsync(store, onCancelRequested, seen));
        }

        public async ValueTask DisposeAsync()
        {
            _watcher.Dispose();
            await _stop.CancelAsync().ConfigureAwait(false);
            await _looking.ConfigureAwait(false);
        }

        private void Changed()
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // A look is already due, and it reads after this change.
            }
        }

        /// <summary>
        /// Reads the signal after each change, and each of <see cref="Relooks"/> after the last one, and calls the listener
        /// when it differs from <paramref name="seen"/> (null: unknown, so the first successful read calls it, at worst one
        /// renewal too many).
        /// </summary>
        private async Task LookAsync(SqliteJobStore store, Action onCancelRequested, long? seen)
        {
            var relook = Relooks.Length;
            try
            {
                while (true)
                {
                    var changed = await _changed.WaitAsync(relook < Relooks.Length ? Relooks[relook] : Timeout.InfiniteTimeSpan, _stop.Token).ConfigureAwait(false);
                    relook = changed ? 0 : relook + 1;
                    if (store.ReadCancelSignal() is { } count && count != seen)
                    {
                        seen = count;
                        onCancelRequested();
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Disposed.
            }
        }
    }
}
