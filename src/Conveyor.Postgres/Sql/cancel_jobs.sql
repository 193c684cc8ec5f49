-- Cancels jobs @ids: available, scheduled and retryable ones become cancelled (finalized now); running ones get a
-- cancel request their worker sees at its next lease renewal. Inputs: @ids, @now (NULL: the database clock).
-- Guard: unfinished. The rows are locked in id order first, as completions and lease renewals do, so cancelling
-- running jobs never deadlocks with their completion. Returns the ids acted on.
WITH locked AS MATERIALIZED (
    SELECT id FROM {schema}.jobs WHERE id = ANY(@ids) ORDER BY id FOR NO KEY UPDATE
)
UPDATE {schema}.jobs
SET state = CASE WHEN state = 'running' THEN state ELSE 'cancelled' END,
    finalized_at = CASE WHEN state = 'running' THEN finalized_at ELSE coalesce(@now, statement_timestamp()) END,
    cancel_requested_at = CASE WHEN state = 'running' THEN coalesce(cancel_requested_at, @now, statement_timestamp())
                               ELSE cancel_requested_at END
WHERE (SELECT count(*) FROM locked) > 0
  AND id = ANY(@ids) AND state IN ('available', 'scheduled', 'running', 'retryable')
RETURNING id;
