-- Every schedule, ordered by name. No inputs.
SELECT name, kind, queue, args, cron, time_zone, misfire, max_attempts, priority, paused, cursor,
    last_run_tick, last_run_state, last_run_finished_at, last_success_tick
FROM conveyor_schedules ORDER BY name;
