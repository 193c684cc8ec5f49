using System.Collections.Concurrent;

namespace Conveyor.Chaos.Tests.Poison;

/// <summary>
/// A retry storm's dependency and what the handlers saw: the dependency is down for <paramref name="outage"/> from
/// <see cref="Begin"/>; every attempt's start is kept as an offset from then (<see cref="TimeProvider.System"/>), and
/// each job's successes are counted.
/// </summary>
public sealed class StormRun(int jobs, TimeSpan outage)
{
    private readonly int[] _successes = new int[jobs];
    private readonly ConcurrentQueue<StormAttempt> _attempts = new();
    private long _origin;

    /// <summary>How many times each job succeeded.</summary>
    public IReadOnlyList<int> Successes => _successes;

    /// <summary>Every attempt's start, in no particular order.</summary>
    public IReadOnlyCollection<StormAttempt> Attempts => _attempts;

    /// <summary>The outage starts now.</summary>
    public void Begin() => _origin = TimeProvider.System.GetTimestamp();

    /// <summary>
    /// Job <paramref name="n"/>'s attempt, due at <paramref name="due"/>, started; returns whether the dependency is
    /// down (else the job succeeds).
    /// </summary>
    public bool Attempted(int n, int attempt, DateTimeOffset due)
    {
        var at = TimeProvider.System.GetElapsedTime(_origin);
        _attempts.Enqueue(new StormAttempt(n, attempt, at, TimeProvider.System.GetUtcNow() - due));
        if (at < outage)
        {
            return true;
        }

        Interlocked.Increment(ref _successes[n]);
        return false;
    }
}

/// <summary>
/// One attempt's start: the job's number, the attempt, the offset from the outage's start and how long after its due
/// time it started.
/// </summary>
public readonly record struct StormAttempt(int N, int Attempt, TimeSpan At, TimeSpan AfterDue);
