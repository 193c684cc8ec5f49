namespace Conveyor.Postgres;

/// <summary>
/// Cross-process notifications for <see cref="PostgresJobStore"/>: LISTEN/NOTIFY on the channels
/// <c>&lt;schema&gt;_jobs</c> (wake-ups) and <c>&lt;schema&gt;_stop</c> (cancel requests for running jobs), both
/// heard on one dedicated connection shared by every subscription.
/// </summary>
public sealed partial class PostgresJobStore
{
    /// <summary>
    /// Calls <paramref name="onJobsAvailable"/> with the queue named by each wake-up. Inserts, promotions, completions
    /// and retries that make jobs available notify on commit. The listening connection is reopened with backoff when
    /// it breaks (a server restart), and the callback then runs with null (any queue), since notifications sent
    /// meanwhile are lost. With <see cref="PostgresStoreOptions.Notifications"/> off, nothing listens and the handle
    /// does nothing: workers poll.
    /// </summary>
    public async ValueTask<IAsyncDisposable> ListenAsync(Action<string?> onJobsAvailable, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onJobsAvailable);
        return _notifications is null
            ? NotListening.Instance
            : await _notifications.SubscribeAsync(_sql.Channel, onJobsAvailable, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Calls <paramref name="onCancelRequested"/> whenever <see cref="CancelJobsAsync"/> put a cancel request on a
    /// running job (notified on commit), and once after the listening connection was reopened, since notifications
    /// sent meanwhile are lost. With <see cref="PostgresStoreOptions.Notifications"/> off, nothing listens and the
    /// handle never calls: the cancel then takes effect at the worker's next lease renewal.
    /// </summary>
    public async ValueTask<IAsyncDisposable> ListenForCancelRequestsAsync(Action onCancelRequested, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onCancelRequested);
        return _notifications is null
            ? NotListening.Instance
            : await _notifications.SubscribeAsync(_sql.CancelChannel, _ => onCancelRequested(), ct).ConfigureAwait(false);
    }

    /// <summary>The handle returned when notifications are off: nothing to stop.</summary>
    private sealed class NotListening : IAsyncDisposable
    {
        public static readonly NotListening Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
