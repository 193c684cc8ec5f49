-- Every schedule, ordered by name in code-point order (COLLATE "C": the same order on every database, whatever its
-- collation). No inputs.
SELECT name, kind, queue, args, cron, time_zone, misfire, max_attempts, priority, paused, cursor,
       last_run_tick, last_run_state, last_run_finished_at, last_success_tick
FROM {schema}.schedules
ORDER BY name COLLATE "C";
