using Conveyor.Storage;

namespace Conveyor.Recurring;

/// <summary>
/// Which ticks of a schedule to enqueue in one round, and where its cursor goes: pure, so the misfire and
/// daylight-saving rules are tested without a clock. A tick more than the misfire threshold late is missed: the policy
/// decides whether it runs (all of them, only the latest, or none). Ticks on time always run, however many; ticks up to
/// the lookahead ahead of now are planned early and wait as scheduled jobs, so the store's clock, not the leader's,
/// decides when they start.
/// </summary>
/// <param name="Ticks">The ticks to enqueue, oldest first.</param>
/// <param name="Cursor">The new cursor: the last tick handled (enqueued or skipped); unchanged when nothing was due.</param>
public sealed record TickPlan(IReadOnlyList<DateTimeOffset> Ticks, DateTimeOffset Cursor)
{
    /// <summary>Whether the round changes nothing (no tick came due).</summary>
    public bool IsEmpty(DateTimeOffset cursor) => Ticks.Count == 0 && Cursor == cursor;

    /// <summary>
    /// Plans the round for a schedule whose every tick at or before <paramref name="cursor"/> was handled, at
    /// <paramref name="now"/>, with at most <paramref name="maxTicks"/> ticks (the rest wait for the next round).
    /// </summary>
    public static TickPlan Make(CronSchedule schedule, MisfirePolicy misfire, DateTimeOffset cursor, DateTimeOffset now, TimeSpan lookahead, TimeSpan misfireThreshold, int maxTicks)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTicks, 1);
        var ticks = new List<DateTimeOffset>();
        var lastMissable = WholeSeconds(now - misfireThreshold);
        if (lastMissable > cursor)
        {
            if (misfire == MisfirePolicy.RunAll)
            {
                ticks.AddRange(schedule.Ticks(cursor, lastMissable).Take(maxTicks));
            }
            else if (schedule.Last(cursor, lastMissable) is { } latest)
            {
                // The cursor moves past the missed ticks only when there were some, so a quiet schedule costs no write.
                if (misfire == MisfirePolicy.RunOnce)
                {
                    ticks.Add(latest);
                }

                cursor = latest;
            }
        }

        var until = WholeSeconds(now + lookahead);
        var next = ticks.Count > 0 ? ticks[^1] : cursor;
        ticks.AddRange(schedule.Ticks(next, until).Take(maxTicks - ticks.Count));
        return new TickPlan(ticks, ticks.Count > 0 && ticks[^1] > cursor ? ticks[^1] : cursor);
    }

    /// <summary><paramref name="time"/> rounded down to a whole second, as cursors are kept.</summary>
    public static DateTimeOffset WholeSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
