-- Pauses (@paused = true) or resumes (@paused = false) schedule @name. Inputs: @name @paused, @now (NULL: the
-- database clock). Pausing keeps the cursor; resuming clears it, so the ticks that passed while paused are skipped,
-- not caught up. Guard: the schedule exists; the count of rows changed (0 or 1) says whether it did.
UPDATE {schema}.schedules
SET paused = @paused,
    cursor = CASE WHEN @paused THEN cursor END,
    updated_at = coalesce(@now, statement_timestamp())
WHERE name = @name;
