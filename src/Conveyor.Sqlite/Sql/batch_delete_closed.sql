-- Deletes at most @limit batches closed before @before, with their lists of jobs (ON DELETE CASCADE); never a job.
-- Inputs: @before @limit. Reads conveyor_batches_closed.
DELETE FROM conveyor_batches
WHERE id IN (SELECT id FROM conveyor_batches WHERE closed_at < @before ORDER BY closed_at LIMIT @limit);
