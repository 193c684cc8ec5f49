-- Deletes at most @limit jobs in final @state finished before @before.
-- state IN (4, 5, 6) lets the planner read conveyor_jobs_finalized (a partial index): @state alone cannot prove it.
DELETE FROM conveyor_jobs
WHERE id IN (SELECT id FROM conveyor_jobs WHERE state IN (4, 5, 6) AND state = @state AND finalized_at < @before LIMIT @limit);
