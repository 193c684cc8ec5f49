namespace Conveyor.Storage;

/// <summary>
/// Rate limits enforced across every worker through the store, on the store's one clock, as a sliding window: per key
/// the store keeps the times of the latest allowed takes (at most the limit's worth). A take at <c>now</c> is allowed,
/// and its time kept, when fewer than <c>Limit</c> of them are later than <c>now − Period</c>; otherwise it is refused,
/// to be tried again when the oldest of those is a period old (<c>oldest + Period − now</c>). No window of length
/// <c>Period</c> then holds more than <c>Limit</c> allowed takes, and an idle key may take its whole limit at once.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>Takes one execution from the key's limit if it allows one now; otherwise says how long until it would.</summary>
    ValueTask<RateLimitResult> TryTakeAsync(RateLimitRequest request, CancellationToken ct);
}
