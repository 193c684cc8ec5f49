namespace Conveyor;

/// <summary>The fixed buckets of attempt durations kept per minute, and the percentiles read back from them.</summary>
public static class DurationBuckets
{
    /// <summary>The upper bounds, in milliseconds; one more bucket holds everything longer.</summary>
    public static IReadOnlyList<double> Bounds { get; } = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000];

    /// <summary>How many buckets a minute has.</summary>
    public static int Count => Bounds.Count + 1;

    /// <summary>The bucket of a duration.</summary>
    public static int IndexOf(TimeSpan duration)
    {
        var ms = duration.TotalMilliseconds;
        var i = 0;
        while (i < Bounds.Count && ms > Bounds[i])
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// The <paramref name="percentile"/> (0 to 1) of the counted durations in milliseconds, as the upper bound of its
    /// bucket (the last bucket's lower bound when it falls there); null when nothing was counted.
    /// </summary>
    public static double? Percentile(IReadOnlyList<long> counts, double percentile)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile * total));
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Bounds[Math.Min(i, Bounds.Count - 1)];
            }
        }

        return Bounds[^1];
    }
}
