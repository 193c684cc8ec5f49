using Cronos;

namespace Conveyor.Recurring;

/// <summary>
/// A parsed cron expression read in one time zone (Cronos). Five fields, or six with seconds first; macros such as
/// <c>@daily</c> and <c>@hourly</c> too. Across daylight-saving changes it follows Cronos's rule: a time that the
/// spring-forward gap skips runs at the first instant after the gap, and a time the fall-back hour repeats runs once,
/// at its first occurrence, unless the expression names every hour or minute (an interval), which runs in both.
/// </summary>
public sealed class CronSchedule
{
    /// <summary>How far back <see cref="Last"/> looks at a time, widening until it finds a tick.</summary>
    private static readonly TimeSpan[] Windows =
        [TimeSpan.FromMinutes(2), TimeSpan.FromHours(2), TimeSpan.FromDays(2), TimeSpan.FromDays(64), TimeSpan.FromDays(800)];

    private readonly CronExpression _expression;

    private CronSchedule(string expression, CronExpression parsed, TimeZoneInfo zone)
    {
        Expression = expression;
        _expression = parsed;
        Zone = zone;
    }

    /// <summary>The expression as given.</summary>
    public string Expression { get; }

    /// <summary>The time zone the expression is read in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>
    /// Parses <paramref name="expression"/> in the IANA (or Windows) time zone <paramref name="timeZone"/>; throws a
    /// <see cref="FormatException"/> that names what is wrong with either.
    /// </summary>
    public static CronSchedule Parse(string expression, string timeZone)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(timeZone);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        if (!expression.TrimStart().StartsWith('@') && fields is not (5 or 6))
        {
            throw new FormatException($"Invalid cron expression '{expression}': expected 5 fields (minute hour day month weekday) or 6 with seconds first, found {fields}.");
        }

        CronExpression parsed;
        try
        {
            parsed = CronExpression.Parse(expression.Trim(), format);
        }
        catch (CronFormatException ex)
        {
            throw new FormatException($"Invalid cron expression '{expression}': {ex.Message}", ex);
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            throw new FormatException($"Unknown time zone '{timeZone}': use an IANA name such as 'Europe/London' or 'UTC'.");
        }

        return new CronSchedule(expression, parsed, zone);
    }

    /// <summary>The ticks after <paramref name="after"/> up to and including <paramref name="until"/>, in order, in UTC.</summary>
    public IEnumerable<DateTimeOffset> Ticks(DateTimeOffset after, DateTimeOffset until) =>
        after >= until
            ? []
            : _expression.GetOccurrences(after.UtcDateTime, until.UtcDateTime, Zone, fromInclusive: false, toInclusive: true)
                .Select(t => new DateTimeOffset(t, TimeSpan.Zero));

    /// <summary>The first tick after <paramref name="after"/>, or null if the expression never fires again.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) =>
        _expression.GetNextOccurrence(after.UtcDateTime, Zone) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;

    /// <summary>
    /// The last tick after <paramref name="after"/> and at or before <paramref name="until"/>, or null if there is none.
    /// Searches back from <paramref name="until"/> in widening windows, so a long gap of frequent ticks is never walked.
    /// </summary>
    public DateTimeOffset? Last(DateTimeOffset after, DateTimeOffset until)
    {
        foreach (var width in Windows)
        {
            var from = until - width > after ? until - width : after;
            var last = Ticks(from, until).Select(t => (DateTimeOffset?)t).LastOrDefault();
            if (last is not null || from == after)
            {
                return last;
            }
        }

        return Ticks(after, until).Select(t => (DateTimeOffset?)t).LastOrDefault();
    }
}
