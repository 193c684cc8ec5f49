namespace Conveyor.Chaos.Tests.Poison;

/// <summary>Figures over moments measured on <see cref="TimeProvider.System"/>'s monotonic clock, as offsets from a run's start.</summary>
internal static class Timeline
{
    /// <summary>The most moments that fall in one window of length <paramref name="window"/> (sliding, not aligned), and where it starts.</summary>
    public static (int Count, TimeSpan Start) LargestBurst(IEnumerable<TimeSpan> moments, TimeSpan window)
    {
        var sorted = moments.Order().ToArray();
        var (best, start, end) = (0, TimeSpan.Zero, 0);
        for (var first = 0; first < sorted.Length; first++)
        {
            while (end < sorted.Length && sorted[end] < sorted[first] + window)
            {
                end++;
            }

            if (end - first > best)
            {
                (best, start) = (end - first, sorted[first]);
            }
        }

        return (best, start);
    }

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0–100) of <paramref name="values"/>.</summary>
    public static TimeSpan Percentile(IEnumerable<TimeSpan> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
