-- Makes up to @limit due scheduled/retryable jobs available. Inputs: @now @limit. Returns each promoted job's queue.
UPDATE conveyor_jobs SET state = 0
WHERE id IN (SELECT id FROM conveyor_jobs WHERE state IN (1, 3) AND scheduled_at <= @now ORDER BY scheduled_at LIMIT @limit)
RETURNING queue;
