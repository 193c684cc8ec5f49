namespace Conveyor.Storage;

/// <summary>
/// Recurring schedules, kept in the store so that every node sees one list. The elected leader moves each schedule's
/// cursor and inserts the jobs of the ticks it passes in one atomic step (<see cref="AdvanceScheduleAsync"/>), guarded
/// by the cursor it read: two leaders, a failover or skewed clocks can never enqueue a tick twice.
/// </summary>
public interface IScheduleStore
{
    /// <summary>
    /// Adds or updates schedules by name. An update replaces the definition and keeps the schedule's paused flag,
    /// cursor and recorded runs, so a changed expression takes effect from the next tick after the cursor.
    /// </summary>
    ValueTask SaveSchedulesAsync(SaveSchedulesRequest request, CancellationToken ct);

    /// <summary>Every schedule, ordered by name.</summary>
    ValueTask<ListSchedulesResult> ListSchedulesAsync(ListSchedulesRequest request, CancellationToken ct);

    /// <summary>
    /// Pauses or resumes a schedule; returns false if there is none of that name. Resuming clears the cursor, so the
    /// ticks that passed while it was paused are skipped, not caught up.
    /// </summary>
    ValueTask<bool> SetSchedulePausedAsync(SetSchedulePausedRequest request, CancellationToken ct);

    /// <summary>
    /// If the schedule exists, is not paused and its cursor still equals <see cref="AdvanceScheduleRequest.ExpectedCursor"/>,
    /// sets the cursor to <see cref="AdvanceScheduleRequest.NewCursor"/> and inserts the request's jobs, all or nothing.
    /// Otherwise changes nothing and reports it was not advanced.
    /// </summary>
    ValueTask<AdvanceScheduleResult> AdvanceScheduleAsync(AdvanceScheduleRequest request, CancellationToken ct);

    /// <summary>
    /// Records a finished run of one of the schedule's ticks (see <see cref="RecordScheduleRunRequest"/>); returns false
    /// if there is no schedule of that name. Saving the schedule again keeps what was recorded.
    /// </summary>
    ValueTask<bool> RecordScheduleRunAsync(RecordScheduleRunRequest request, CancellationToken ct);

    /// <summary>Deletes a schedule; returns false if there is none of that name. Jobs it enqueued are left alone.</summary>
    ValueTask<bool> DeleteScheduleAsync(DeleteScheduleRequest request, CancellationToken ct);
}
