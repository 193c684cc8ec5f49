-- Deletes at most @limit jobs in final @state finished before @before.
DELETE FROM conveyor_jobs
WHERE id IN (SELECT id FROM conveyor_jobs WHERE state = @state AND finalized_at < @before LIMIT @limit);
