namespace Conveyor.Health;

/// <summary>An alert that fired or resolved: the finding's rule and subject, its severity and message, and when.</summary>
/// <param name="Status"><c>firing</c> or <c>resolved</c>.</param>
/// <param name="Rule">The health rule, e.g. <c>depth</c>.</param>
/// <param name="Subject">The queue or schedule.</param>
/// <param name="Severity"><c>unhealthy</c> or <c>degraded</c>.</param>
/// <param name="Message">The finding's sentence (for a resolved alert, the one it fired with).</param>
/// <param name="At">When the leader saw the change.</param>
public sealed record AlertEvent(string Status, string Rule, string Subject, string Severity, string Message, DateTimeOffset At);
