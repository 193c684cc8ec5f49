-- Every schedule, ordered by name. No inputs.
SELECT name, kind, queue, args, cron, time_zone, misfire, max_attempts, priority, paused, cursor
FROM conveyor_schedules ORDER BY name;
