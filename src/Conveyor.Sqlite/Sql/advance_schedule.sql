-- Moves schedule @name's cursor to @new_cursor at @now. Inputs: @name @expected_cursor (NULL for none) @new_cursor @now.
-- Guard: the schedule exists, is not paused and its cursor IS @expected_cursor (NULL matches NULL); otherwise no row
-- changes and the caller inserts no jobs. Runs in the BEGIN IMMEDIATE transaction that inserts the ticks' jobs.
UPDATE conveyor_schedules SET cursor = @new_cursor, updated_at = @now
WHERE name = @name AND paused = 0 AND cursor IS @expected_cursor;
