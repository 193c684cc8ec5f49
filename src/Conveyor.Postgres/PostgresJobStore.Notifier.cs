namespace Conveyor.Postgres;

/// <summary>Cross-process wake-ups for <see cref="PostgresJobStore"/>: LISTEN/NOTIFY on the channel <c>&lt;schema&gt;_jobs</c>.</summary>
public sealed partial class PostgresJobStore
{
    /// <summary>
    /// Keeps one dedicated connection LISTENing and calls <paramref name="onJobsAvailable"/> with the queue named by
    /// each notification. Inserts, promotions, completions and retries that make jobs available notify on commit.
    /// The connection is reopened with backoff when it breaks (a server restart), and the callback then runs with
    /// null (any queue), since notifications sent meanwhile are lost. With
    /// <see cref="PostgresStoreOptions.Notifications"/> off, nothing listens and the handle does nothing: workers poll.
    /// </summary>
    public async ValueTask<IAsyncDisposable> ListenAsync(Action<string?> onJobsAvailable, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onJobsAvailable);
        if (_listenSource is null)
        {
            return new PostgresListener.Idle();
        }

        var listener = new PostgresListener(_listenSource, _sql["listen"], onJobsAvailable, _disposed.Token);
        await listener.StartAsync(ct).ConfigureAwait(false);
        return listener;
    }
}
