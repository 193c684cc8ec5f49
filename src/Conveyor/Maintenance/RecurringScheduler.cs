using Conveyor.Recurring;
using Conveyor.Runtime;
using Conveyor.Storage;
using Microsoft.Extensions.Logging;

namespace Conveyor.Maintenance;

/// <summary>
/// The leader's beat: every round it reads the schedules from the store, plans each one's due ticks
/// (<see cref="TickPlan"/>) and enqueues them with the cursor it read as the guard, so a tick is never enqueued twice
/// and a new leader carries on from the stored cursor. A schedule that cannot be parsed or fails is logged and left;
/// the others go on.
/// </summary>
internal sealed class RecurringScheduler(IScheduleStore store, TimeProvider time, ILogger<RecurringScheduler> logger, ConveyorOptions options) : MaintenanceTask
{
    private const int MaxTicksPerRound = 100;
    private readonly Dictionary<(string Cron, string TimeZone), CronSchedule> _parsed = [];
    private readonly HashSet<(string Name, string Cron, string TimeZone)> _reported = [];

    public override TimeSpan Interval => options.RecurringInterval;

    public override string Name => "recurring";

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var schedules = (await store.ListSchedulesAsync(new ListSchedulesRequest(), ct).ConfigureAwait(false)).Schedules;
        foreach (var schedule in schedules.Where(s => !s.Paused))
        {
            try
            {
                await AdvanceAsync(schedule, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                Log.ScheduleFailed(logger, ex, schedule.Definition.Name);
            }
        }
    }

    private async Task AdvanceAsync(StoredSchedule schedule, CancellationToken ct)
    {
        var definition = schedule.Definition;
        if (Parse(definition) is not { } cron)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (schedule.Cursor is not { } cursor)
        {
            // First sight (or just resumed): the schedule starts from now; nothing before counts as missed.
            await store.AdvanceScheduleAsync(new AdvanceScheduleRequest { Name = definition.Name, ExpectedCursor = null, NewCursor = TickPlan.WholeSeconds(now), Jobs = [] }, ct).ConfigureAwait(false);
            return;
        }

        var plan = TickPlan.Make(cron, definition.Misfire, cursor, now, options.RecurringInterval, options.MisfireThreshold, MaxTicksPerRound);
        if (plan.IsEmpty(cursor))
        {
            return;
        }

        var request = new AdvanceScheduleRequest { Name = definition.Name, ExpectedCursor = cursor, NewCursor = plan.Cursor, Jobs = [.. plan.Ticks.Select(t => TickJob(definition, t))] };
        var result = await store.AdvanceScheduleAsync(request, ct).ConfigureAwait(false);
        if (result.Advanced && plan.Ticks.Count > 0)
        {
            Log.ScheduleEnqueued(logger, definition.Name, plan.Ticks.Count, plan.Ticks[^1]);
        }
    }

    /// <summary>The job for one tick: due at the tick, with a unique key naming the schedule and the tick.</summary>
    public static NewJob TickJob(ScheduleDefinition definition, DateTimeOffset tick) => new()
    {
        Kind = definition.Kind,
        Queue = definition.Queue,
        Args = definition.Args,
        MaxAttempts = definition.MaxAttempts,
        Priority = definition.Priority,
        ScheduledAt = tick,
        UniqueKey = $"recurring:{definition.Name}:{tick.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}",
        Tags = [$"recurring:{definition.Name}"],
    };

    private CronSchedule? Parse(ScheduleDefinition definition)
    {
        var key = (definition.Cron, definition.TimeZone);
        if (_parsed.TryGetValue(key, out var cron))
        {
            return cron;
        }

        try
        {
            cron = CronSchedule.Parse(definition.Cron, definition.TimeZone);
            _parsed[key] = cron;
            return cron;
        }
        catch (FormatException ex)
        {
            if (_reported.Add((definition.Name, definition.Cron, definition.TimeZone)))
            {
                Log.ScheduleInvalid(logger, definition.Name, ex.Message);
            }

            return null;
        }
    }
}
