namespace Conveyor.Storage;

/// <summary>
/// Optional wake-ups when jobs become available, across processes (PostgreSQL LISTEN/NOTIFY, Redis pub/sub,
/// SQLite file watching). Only a latency cut: the runtime always keeps polling, so a lost notification delays
/// a job by at most one poll interval and never loses it.
/// </summary>
public interface INotifier
{
    /// <summary>
    /// Calls <paramref name="onJobsAvailable"/> with a queue name (or null for "any queue") whenever jobs may have
    /// become available, until the returned handle is disposed.
    /// </summary>
    ValueTask<IAsyncDisposable> ListenAsync(Action<string?> onJobsAvailable, CancellationToken ct);

    /// <summary>
    /// Calls <paramref name="onCancelRequested"/> whenever a cancel was requested for a running job (by
    /// <see cref="IJobAdminStore.CancelJobsAsync"/> in any process), until the returned handle is disposed. The worker
    /// then renews its leases at once, which tells it which of its jobs to stop; without the call it learns at its next
    /// renewal, a third of a lease later.
    /// </summary>
    ValueTask<IAsyncDisposable> ListenForCancelRequestsAsync(Action onCancelRequested, CancellationToken ct);
}
