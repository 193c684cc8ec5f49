namespace Conveyor;

/// <summary>
/// How a job type retries: exponential backoff, capped, with jitter over the upper two thirds of each delay, for at most
/// <see cref="MaxAttempts"/> attempts. Exceptions in <see cref="DiscardOn"/> (or <see cref="PermanentJobException"/>) skip retries; when
/// <see cref="RetryOn"/> is not empty, only those exceptions are retried.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>The default: 20 attempts, 60 s base (the first retry 20–60 s after the failure), 1 h cap.</summary>
    public static RetryPolicy Default { get; } = new();

    /// <summary>Attempts allowed, the first included (default 20).</summary>
    public int MaxAttempts { get; init; } = 20;

    /// <summary>
    /// The longest wait before the first retry (the shortest is a third of it); it doubles per attempt (default 60 s).
    /// Forty seconds of spread is what keeps the jobs that one outage failed together from retrying together.
    /// </summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest delay between attempts (default 1 h).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>When not empty, only these exception types (and subtypes) are retried; others discard the job.</summary>
    public IReadOnlyList<Type> RetryOn { get; init; } = [];

    /// <summary>Exception types (and subtypes) that discard the job at once.</summary>
    public IReadOnlyList<Type> DiscardOn { get; init; } = [];

    /// <summary>
    /// The upper bound of the delay after failed attempt <paramref name="attempt"/>:
    /// <c>min(MaxDelay, BaseDelay × 2^(attempt−1))</c>. Never decreases as attempts grow.
    /// </summary>
    public TimeSpan BackoffCap(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 62);
        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// The delay after failed attempt <paramref name="attempt"/>: a third of <see cref="BackoffCap"/> plus
    /// <paramref name="jitter"/> (in [0, 1)) times the other two thirds, so it lies in <c>[cap / 3, cap)</c>. Never
    /// shorter than a third of the cap, so a retry is never immediate; spread over the rest, so jobs that failed
    /// together retry apart. Pure: the caller supplies the random sample.
    /// </summary>
    public TimeSpan Backoff(int attempt, double jitter)
    {
        if (jitter is < 0 or >= 1 || double.IsNaN(jitter))
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "Jitter must be in [0, 1).");
        }

        // The floor is the cap's third as TimeSpan rounds it, so "at least cap / 3" holds to the tick; the spread is
        // truncated and kept a tick short of the cap, where a jitter just under 1 could round up to it.
        var cap = BackoffCap(attempt);
        var floor = cap / 3;
        var spread = TimeSpan.FromTicks((long)((cap - floor).Ticks * jitter));
        return floor + (spread < cap - floor ? spread : cap - floor - TimeSpan.FromTicks(1));
    }

    /// <summary>Whether an exception of this type should be retried (before counting attempts).</summary>
    public bool IsRetryable(Type exceptionType)
    {
        if (typeof(PermanentJobException).IsAssignableFrom(exceptionType) || Matches(DiscardOn, exceptionType))
        {
            return false;
        }

        return RetryOn.Count == 0 || Matches(RetryOn, exceptionType);
    }

    private static bool Matches(IReadOnlyList<Type> types, Type exceptionType) =>
        types.Any(t => t.IsAssignableFrom(exceptionType));
}
