-- Adds or updates schedules by name in one statement. Inputs, one array element per schedule in request order:
-- @names @kinds @queues @args @crons @time_zones @misfires @max_attempts @priorities; @now (NULL: the database clock).
-- Guard: none; an existing schedule gets the new definition and keeps its paused flag, cursor and recorded runs. A name given twice
-- takes its last definition (ON CONFLICT cannot touch one row twice), and the rows are written in name order, so two
-- nodes saving the same schedules at once lock them in the same order and never deadlock.
INSERT INTO {schema}.schedules AS schedule
    (name, kind, queue, args, cron, time_zone, misfire, max_attempts, priority, updated_at)
SELECT DISTINCT ON (input.name)
       input.name, input.kind, input.queue, input.args, input.cron, input.time_zone, input.misfire, input.max_attempts,
       input.priority, coalesce(@now, statement_timestamp())
FROM unnest(@names, @kinds, @queues, @args, @crons, @time_zones, @misfires, @max_attempts, @priorities)
     WITH ORDINALITY AS input(name, kind, queue, args, cron, time_zone, misfire, max_attempts, priority, ord)
ORDER BY input.name, input.ord DESC
ON CONFLICT (name) DO UPDATE
SET kind = excluded.kind, queue = excluded.queue, args = excluded.args, cron = excluded.cron,
    time_zone = excluded.time_zone, misfire = excluded.misfire, max_attempts = excluded.max_attempts,
    priority = excluded.priority, updated_at = excluded.updated_at;
