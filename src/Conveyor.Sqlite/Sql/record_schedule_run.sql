-- Records that the job of schedule @name's tick @tick reached final state @state (4 Completed, 5 Discarded,
-- 6 Cancelled) at @finished_at. Inputs: @name @tick @state @finished_at (@tick and @finished_at in microseconds).
-- Guard: the last run is replaced only by a run of a tick at or after its own (runs finish out of order, and a late
-- retry of an older tick must not hide a newer one); the last success only moves forward, and only on Completed.
-- No row changes when there is no schedule of that name.
UPDATE conveyor_schedules SET
    last_run_state = CASE WHEN last_run_tick IS NULL OR last_run_tick <= @tick THEN @state ELSE last_run_state END,
    last_run_finished_at = CASE WHEN last_run_tick IS NULL OR last_run_tick <= @tick THEN @finished_at ELSE last_run_finished_at END,
    last_run_tick = CASE WHEN last_run_tick IS NULL OR last_run_tick <= @tick THEN @tick ELSE last_run_tick END,
    last_success_tick = CASE WHEN @state = 4 AND (last_success_tick IS NULL OR last_success_tick < @tick) THEN @tick ELSE last_success_tick END
WHERE name = @name;
