-- Pauses (@paused = 1) or resumes (@paused = 0) schedule @name at @now. Resuming clears the cursor, so the ticks
-- passed while paused are skipped, not caught up; pausing keeps it. No row changed means there is no such schedule.
UPDATE conveyor_schedules
SET paused = @paused, cursor = CASE WHEN @paused = 1 THEN cursor END, updated_at = @now
WHERE name = @name;
