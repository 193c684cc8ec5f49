using System.Globalization;
using Conveyor.Recurring;
using Conveyor.Storage;

namespace Conveyor.Health;

/// <summary>The recurring schedules' rules: <c>recurring_lag</c> (ticks enqueued on time) and <c>recurring_failing</c> (ticks' jobs succeed).</summary>
public sealed partial class HealthEvaluator
{

    private async Task RecurringAsync(HealthRules rules, DateTimeOffset now, List<HealthFinding> findings, CancellationToken ct)
    {
        foreach (var schedule in (await schedules!.ListSchedulesAsync(new ListSchedulesRequest(), ct).ConfigureAwait(false)).Schedules.Where(s => !s.Paused))
        {
            CronSchedule cron;
            try
            {
                cron = CronSchedule.Parse(schedule.Definition.Cron, schedule.Definition.TimeZone);
            }
            catch (FormatException ex)
            {
                if (rules.MaxRecurringLag is not null)
                {
                    findings.Add(new HealthFinding("recurring_lag", schedule.Definition.Name, true, $"Recurring job {schedule.Definition.Name} cannot run: {ex.Message}"));
                }

                continue;
            }

            if (rules.MaxRecurringLag is { } lag && RecurringLag(schedule, cron, lag, now) is { } lagging)
            {
                findings.Add(lagging);
            }

            if (rules.RecurringSuccessGrace is { } grace && RecurringFailing(schedule, cron, grace, now) is { } failing)
            {
                findings.Add(failing);
            }
        }
    }

    /// <summary>Unhealthy when the tick after the cursor is overdue by more than <paramref name="maxLag"/>: no leader enqueues it.</summary>
    private static HealthFinding? RecurringLag(StoredSchedule schedule, CronSchedule cron, TimeSpan maxLag, DateTimeOffset now) =>
        schedule.Cursor is { } cursor && cron.Next(cursor) is { } next && now - next > maxLag
            ? new HealthFinding("recurring_lag", schedule.Definition.Name, true, $"Recurring job {schedule.Definition.Name} was due at {Utc(next)} and has not been enqueued: is any worker leading?")
            : null;

    /// <summary>
    /// Degraded when a tick at or before <c>now − grace</c> has passed since the last tick that succeeded (or, for a
    /// schedule that never succeeded, since its last recorded run's tick) with no success: the latest such tick either
    /// ended discarded or cancelled, or is still not done. A schedule with no recorded run is not judged: the rule
    /// starts with its first finished run, so a new schedule, or a store from before runs were recorded, is quiet.
    /// </summary>
    private static HealthFinding? RecurringFailing(StoredSchedule schedule, CronSchedule cron, TimeSpan grace, DateTimeOffset now)
    {
        if (schedule.LastRun is not { } lastRun)
        {
            return null;
        }

        // Ticks are whole seconds: a second before the last run's tick makes that tick itself the earliest one judged.
        var after = schedule.LastSucceededTick ?? lastRun.Tick.AddSeconds(-1);
        if (cron.Last(after, now - grace) is not { } missed)
        {
            return null;
        }

        var name = schedule.Definition.Name;
        var since = schedule.LastSucceededTick is { } succeeded ? $"since its run of {Utc(succeeded)}" : "since its runs were first recorded";
        var why = lastRun.Tick >= missed
            ? $"its last run (tick {Utc(lastRun.Tick)}) ended {lastRun.State.ToWireName()}"
            : $"the run of tick {Utc(missed)} is still not done (its last finished run, of tick {Utc(lastRun.Tick)}, ended {lastRun.State.ToWireName()})";
        return new HealthFinding("recurring_failing", name, false, $"Recurring job {name} has not succeeded {since}: {why}.");
    }

    /// <summary>A tick as the messages show it: UTC, to the second.</summary>
    private static string Utc(DateTimeOffset tick) => tick.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
