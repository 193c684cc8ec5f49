using System.Collections.Concurrent;

namespace Conveyor.Chaos.Tests.Poison;

/// <summary>
/// What one run's handlers saw, on <see cref="TimeProvider.System"/>'s monotonic clock: when each healthy job was
/// enqueued and started (and how often it ran), and each poison attempt's start and failure.
/// </summary>
public sealed class PoisonRun(int healthy)
{
    private readonly long[] _enqueued = new long[healthy];
    private readonly long[] _started = new long[healthy];
    private readonly int[] _runs = new int[healthy];
    private readonly ConcurrentQueue<PoisonAttempt> _attempts = new();

    /// <summary>The healthy jobs in the run.</summary>
    public int Healthy => healthy;

    /// <summary>How many times each healthy job's handler ran.</summary>
    public IReadOnlyList<int> Runs => _runs;

    /// <summary>Every poison attempt, in no particular order.</summary>
    public IReadOnlyCollection<PoisonAttempt> Attempts => _attempts;

    /// <summary>Each healthy job's wait from the start of its enqueue call to its handler's (first) start.</summary>
    public IEnumerable<TimeSpan> Latencies => _enqueued.Select((at, n) => TimeProvider.System.GetElapsedTime(at, _started[n]));

    /// <summary>The message of the exception poison job <paramref name="n"/> throws on <paramref name="attempt"/>.</summary>
    public static string Message(int n, int attempt) => $"poison job {n} fails attempt {attempt}";

    /// <summary>Healthy jobs <paramref name="numbers"/> are about to be enqueued.</summary>
    public void Enqueuing(IEnumerable<int> numbers)
    {
        var now = TimeProvider.System.GetTimestamp();
        foreach (var n in numbers)
        {
            _enqueued[n] = now;
        }
    }

    /// <summary>Healthy job <paramref name="n"/>'s handler started.</summary>
    public void HealthyStarted(int n)
    {
        var now = TimeProvider.System.GetTimestamp();
        if (Interlocked.Increment(ref _runs[n]) == 1)
        {
            _started[n] = now;
        }
    }

    /// <summary>A poison job's attempt started and failed.</summary>
    public void PoisonAttempted(PoisonAttempt attempt) => _attempts.Enqueue(attempt);
}

/// <summary>
/// One poison attempt: the job's number, the attempt, its start (monotonic timestamp and wall clock), when it was due
/// (the job's scheduled time as fetched: for a retry, the failure's decision plus the backoff) and its failure (both clocks).
/// </summary>
public readonly record struct PoisonAttempt(int N, int Attempt, long Started, DateTimeOffset StartedAt, DateTimeOffset DueAt, long Failed, DateTimeOffset FailedAt);
