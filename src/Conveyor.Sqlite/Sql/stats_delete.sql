-- Deletes at most @limit minutes starting before @before (Unix microseconds), oldest first, of every queue.
-- Inputs: @before @limit. Reads conveyor_stats_minute.
DELETE FROM conveyor_stats
WHERE (queue, minute) IN (SELECT queue, minute FROM conveyor_stats WHERE minute < @before ORDER BY minute LIMIT @limit);
