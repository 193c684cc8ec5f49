namespace Conveyor.Runtime;

/// <summary>
/// One lease renewal on its way to the store. Its answer can confirm the leases only until its send time plus the
/// lease, so once that has passed it can confirm nothing: it is given up then (its call cancelled, its answer ignored)
/// and the next renewal goes out — on another connection — instead of waiting behind a call that hangs on a dead one
/// (a partition drops packets; the client may wait 30 s or more before it gives up itself).
/// </summary>
internal sealed class LeaseRenewal : IDisposable
{
    private readonly CancellationTokenSource _cancel;

    /// <summary>Starts <paramref name="send"/> with a token that fires on <paramref name="stop"/> or when the renewal is given up.</summary>
    public LeaseRenewal(Func<CancellationToken, Task> send, long givenUpAt, CancellationToken stop)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        GivenUpAt = givenUpAt;
        Task = send(_cancel.Token);
    }

    /// <summary>The renewal's call; it never throws unless the keeper is stopping.</summary>
    public Task Task { get; }

    /// <summary>When its answer could confirm nothing any more (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    public long GivenUpAt { get; }

    /// <summary>Cancels the call and lets it end on its own, unobserved by the keeper.</summary>
    public void GiveUp()
    {
        _cancel.Cancel();
        _ = Task.ContinueWith(
            t =>
            {
                _ = t.Exception;
                _cancel.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public void Dispose() => _cancel.Dispose();
}
