namespace Conveyor.Storage;

/// <summary>A recurring schedule's definition: what to enqueue, and when.</summary>
public sealed record ScheduleDefinition
{
    /// <summary>The schedule's stable name, e.g. <c>nightly-report</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The kind of job each tick enqueues.</summary>
    public required string Kind { get; init; }

    /// <summary>The queue the jobs go to.</summary>
    public required string Queue { get; init; }

    /// <summary>The jobs' arguments as UTF-8 JSON.</summary>
    public required ReadOnlyMemory<byte> Args { get; init; }

    /// <summary>A cron expression of five fields, or six with seconds first.</summary>
    public required string Cron { get; init; }

    /// <summary>The IANA time zone the expression is read in, e.g. <c>Europe/London</c>.</summary>
    public required string TimeZone { get; init; }

    /// <summary>What to do with missed ticks.</summary>
    public required MisfirePolicy Misfire { get; init; }

    /// <summary>The jobs' attempts allowed.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>The jobs' priority; lower runs first.</summary>
    public int Priority { get; init; }
}

/// <summary>
/// A stored schedule: its definition, whether it is paused, and its cursor: every tick at or before the cursor has
/// been handled (enqueued or skipped); null until the leader first sees the schedule, and after a resume.
/// </summary>
public sealed record StoredSchedule(ScheduleDefinition Definition, bool Paused, DateTimeOffset? Cursor)
{
    /// <summary>The run of the latest tick that reached a final state; null until one has.</summary>
    public ScheduleRun? LastRun { get; init; }

    /// <summary>The greatest tick whose run completed; null until one has.</summary>
    public DateTimeOffset? LastSucceededTick { get; init; }
}

/// <summary>One finished run of a schedule: the tick it ran for, the final state it reached, and when.</summary>
public sealed record ScheduleRun(DateTimeOffset Tick, JobState State, DateTimeOffset FinishedAt);

/// <summary>
/// Record that the job of one of a schedule's ticks reached a final state. The run replaces the schedule's last run
/// only if its tick is at or after the last run's tick; a completed run moves the last succeeded tick forward only.
/// </summary>
public sealed record RecordScheduleRunRequest
{
    /// <summary>The schedule's name.</summary>
    public required string Name { get; init; }

    /// <summary>The tick the job ran for (whole seconds).</summary>
    public required DateTimeOffset Tick { get; init; }

    /// <summary>The final state: <see cref="JobState.Completed"/>, <see cref="JobState.Discarded"/> or <see cref="JobState.Cancelled"/>.</summary>
    public required JobState State { get; init; }

    /// <summary>When the job reached it.</summary>
    public required DateTimeOffset FinishedAt { get; init; }
}

/// <summary>Add or update schedules by name.</summary>
public sealed record SaveSchedulesRequest
{
    /// <summary>The definitions.</summary>
    public required IReadOnlyList<ScheduleDefinition> Schedules { get; init; }
}

/// <summary>List every schedule.</summary>
public sealed record ListSchedulesRequest;

/// <summary>Every schedule, ordered by name.</summary>
public sealed record ListSchedulesResult(IReadOnlyList<StoredSchedule> Schedules);

/// <summary>Pause or resume one schedule.</summary>
public sealed record SetSchedulePausedRequest
{
    /// <summary>The schedule's name.</summary>
    public required string Name { get; init; }

    /// <summary>True to pause, false to resume.</summary>
    public required bool Paused { get; init; }
}

/// <summary>Delete one schedule.</summary>
public sealed record DeleteScheduleRequest
{
    /// <summary>The schedule's name.</summary>
    public required string Name { get; init; }
}

/// <summary>Move a schedule's cursor from the value read to a new one and insert the ticks' jobs, atomically.</summary>
public sealed record AdvanceScheduleRequest
{
    /// <summary>The schedule's name.</summary>
    public required string Name { get; init; }

    /// <summary>The cursor as the leader read it (whole seconds); the guard.</summary>
    public required DateTimeOffset? ExpectedCursor { get; init; }

    /// <summary>The new cursor (whole seconds).</summary>
    public required DateTimeOffset NewCursor { get; init; }

    /// <summary>The jobs of the ticks passed; none when the ticks are skipped or the cursor is only being set.</summary>
    public required IReadOnlyList<NewJob> Jobs { get; init; }
}

/// <summary>Whether the cursor moved, and the ids of the jobs inserted with it (empty when it did not).</summary>
public sealed record AdvanceScheduleResult(bool Advanced, IReadOnlyList<long> JobIds);
