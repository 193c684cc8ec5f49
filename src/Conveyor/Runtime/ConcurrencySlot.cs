using Conveyor.Storage;

namespace Conveyor.Runtime;

/// <summary>
/// One of a key's concurrency slots, held by one attempt: slot <c>i</c> of key <c>k</c> is the store's leadership named
/// <c>slot:k:i</c>, so at most one attempt holds it at a time, on any machine. It is renewed every third of its TTL while
/// held and given up when disposed; an attempt whose worker dies loses it when the TTL runs out.
/// </summary>
internal sealed class ConcurrencySlot : IAsyncDisposable
{
    private readonly IJobStore _store;
    private readonly LeadershipRequest _lease;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;

    private ConcurrencySlot(IJobStore store, LeadershipRequest lease, TimeProvider time)
    {
        _store = store;
        _lease = lease;
        _renewals = RenewAsync(time);
    }

    /// <summary>Takes a free slot of <paramref name="key"/> for <paramref name="owner"/>, or returns null when all <paramref name="limit"/> are held.</summary>
    public static async Task<ConcurrencySlot?> TryTakeAsync(IJobStore store, string key, int limit, string owner, TimeSpan ttl, TimeProvider time, CancellationToken ct)
    {
        for (var i = 0; i < limit; i++)
        {
            var lease = new LeadershipRequest { Name = $"slot:{key}:{i}", Owner = owner, Ttl = ttl };
            if ((await store.TryAcquireLeadershipAsync(lease, ct).ConfigureAwait(false)).IsLeader)
            {
                return new ConcurrencySlot(store, lease, time);
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewals.ConfigureAwait(false);
        _stop.Dispose();
        try
        {
            await _store.ReleaseLeadershipAsync(new ReleaseLeadershipRequest { Name = _lease.Name, Owner = _lease.Owner }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The slot frees itself when its TTL runs out.
        }
    }

    private async Task RenewAsync(TimeProvider time)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_lease.Ttl / 3, time, _stop.Token).ConfigureAwait(false);
                try
                {
                    await _store.TryAcquireLeadershipAsync(_lease, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    // Tried again at the next renewal; the job's own lease keeper stops the handler if the store stays away.
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Released.
        }
    }
}
