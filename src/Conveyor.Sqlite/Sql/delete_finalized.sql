-- Deletes at most @limit jobs in final @state finished before @before. Inputs: @state @before @limit @queue (only its
-- jobs; NULL for every queue) @except_queues (a JSON array of queue names whose jobs are kept when @queue is NULL).
-- state IN (4, 5, 6) lets the planner read conveyor_jobs_finalized (a partial index): @state alone cannot prove it.
DELETE FROM conveyor_jobs
WHERE id IN (
    SELECT id FROM conveyor_jobs
    WHERE state IN (4, 5, 6) AND state = @state AND finalized_at < @before
      AND (@queue IS NULL OR queue = @queue)
      AND (@queue IS NOT NULL OR queue NOT IN (SELECT value FROM json_each(@except_queues)))
    LIMIT @limit);
