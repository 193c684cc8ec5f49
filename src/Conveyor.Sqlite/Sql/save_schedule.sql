-- Adds or updates one schedule by @name. Inputs: @name @kind @queue @args @cron @time_zone @misfire @max_attempts
-- @priority @now. An existing schedule gets the new definition and keeps its paused flag, cursor and recorded runs.
INSERT INTO conveyor_schedules (name, kind, queue, args, cron, time_zone, misfire, max_attempts, priority, updated_at)
VALUES (@name, @kind, @queue, @args, @cron, @time_zone, @misfire, @max_attempts, @priority, @now)
ON CONFLICT (name) DO UPDATE SET
    kind = excluded.kind, queue = excluded.queue, args = excluded.args, cron = excluded.cron, time_zone = excluded.time_zone,
    misfire = excluded.misfire, max_attempts = excluded.max_attempts, priority = excluded.priority, updated_at = excluded.updated_at;
