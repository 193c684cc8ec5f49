namespace Conveyor;

/// <summary>What went wrong in one attempt; kept on the job (the most recent ones, bounded).</summary>
/// <param name="At">When the attempt ended.</param>
/// <param name="Attempt">The attempt number (1-based).</param>
/// <param name="ExceptionType">The exception's full type name, or a reason code such as <c>timeout</c> or <c>crashed</c>.</param>
/// <param name="Message">The exception's message or the reason.</param>
/// <param name="StackTrace">The stack trace, if any.</param>
/// <param name="Worker">The worker (node) that ran the attempt.</param>
/// <param name="DurationMs">How long the attempt ran, in milliseconds.</param>
public sealed record AttemptError(
    DateTimeOffset At,
    int Attempt,
    string ExceptionType,
    string Message,
    string? StackTrace,
    string? Worker,
    double DurationMs);
