namespace Conveyor;

/// <summary>
/// A job type's rate limit: at most <see cref="Limit"/> executions per <see cref="Period"/> for each key its
/// arguments give (one key for the whole type when there is no key selector), across every worker. A job over the
/// limit is snoozed, not charged an attempt, until the limit allows it.
/// </summary>
/// <param name="Limit">Executions allowed per period.</param>
/// <param name="Period">The period.</param>
/// <param name="KeyOf">The key of a job's decoded arguments; null for one key per job type.</param>
public sealed record RateLimit(int Limit, TimeSpan Period, Func<object, string>? KeyOf) : KeyedLimit(KeyOf);
