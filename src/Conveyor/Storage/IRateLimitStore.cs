namespace Conveyor.Storage;

/// <summary>
/// Rate limits enforced across every worker through the store, on the store's one clock, as a sliding window: per key
/// the store keeps the times of the latest allowed takes (at most the limit's worth). A take at <c>now</c> is allowed,
/// and its time kept, when fewer than <c>Limit</c> of them are later than <c>now − Period</c>; otherwise it is refused,
/// to be tried again when the oldest of those is a period old (<c>oldest + Period − now</c>). No window of length
/// <c>Period</c> then holds more than <c>Limit</c> allowed takes, and an idle key may take its whole limit at once. A
/// take handed back with <see cref="ReleaseAsync"/> is no longer kept, so its slot is free at once.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>
    /// Hands back one allowed take, named by its <see cref="RateLimitToken"/>: exactly that take leaves the key's window,
    /// so one more take is allowed at once. Idempotent: a take already released, or already out of the window, is left
    /// alone, and no other take is ever removed in its place. Only for a take whose run never started: the limit's
    /// promise counts runs, and a released take no longer counts one.
    /// </summary>
    ValueTask ReleaseAsync(RateLimitRelease request, CancellationToken ct);

    /// <summary>Takes one execution from the key's limit if it allows one now; otherwise says how long until it would.</summary>
    ValueTask<RateLimitResult> TryTakeAsync(RateLimitRequest request, CancellationToken ct);
}
