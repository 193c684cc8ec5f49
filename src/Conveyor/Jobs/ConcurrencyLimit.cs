namespace Conveyor;

/// <summary>
/// A job type's concurrency limit: at most <see cref="Limit"/> of its jobs running at once for each key its arguments
/// give (one key for the whole type when there is no key selector), across every worker. A job that finds every slot
/// taken is snoozed, not charged an attempt, and tries again shortly.
/// </summary>
/// <param name="Limit">Jobs of one key allowed to run at once.</param>
/// <param name="KeyOf">The key of a job's decoded arguments; null for one key per job type.</param>
public sealed record ConcurrencyLimit(int Limit, Func<object, string>? KeyOf) : KeyedLimit(KeyOf);
