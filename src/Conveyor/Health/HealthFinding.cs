namespace Conveyor.Health;

/// <summary>What a health rule found wrong: the rule, the queue or schedule it is about, how bad, and why.</summary>
/// <param name="Rule">The rule: <c>depth</c>, <c>error_rate</c>, <c>rate_drop</c>, <c>no_worker</c>, <c>dead_letters</c>, <c>recurring_lag</c> or <c>recurring_failing</c>.</param>
/// <param name="Subject">The queue, or the recurring schedule's name.</param>
/// <param name="Unhealthy">True for unhealthy, false for degraded.</param>
/// <param name="Message">A sentence an operator can act on.</param>
public sealed record HealthFinding(string Rule, string Subject, bool Unhealthy, string Message);
