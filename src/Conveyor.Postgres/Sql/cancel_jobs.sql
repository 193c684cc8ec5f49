-- Cancels jobs @ids: available, scheduled and retryable ones become cancelled (finalized now); running ones get a
-- cancel request. Inputs: @ids, @now (NULL: the database clock), @cancel_channel.
-- Guard: unfinished. The rows are locked in id order first, as completions and lease renewals do, so cancelling
-- running jobs never deadlocks with their completion. Returns the ids acted on. When a running job got a request, the
-- cancel channel is notified (once, without payload) on commit: every listening worker renews its leases at once, and
-- the renewal tells the job's worker to stop it.
WITH locked AS MATERIALIZED (
    SELECT id FROM {schema}.jobs WHERE id = ANY(@ids) ORDER BY id FOR NO KEY UPDATE
), acted AS (
    UPDATE {schema}.jobs
    SET state = CASE WHEN state = 'running' THEN state ELSE 'cancelled' END,
        finalized_at = CASE WHEN state = 'running' THEN finalized_at ELSE coalesce(@now, statement_timestamp()) END,
        cancel_requested_at = CASE WHEN state = 'running' THEN coalesce(cancel_requested_at, @now, statement_timestamp())
                                   ELSE cancel_requested_at END
    WHERE (SELECT count(*) FROM locked) > 0
      AND id = ANY(@ids) AND state IN ('available', 'scheduled', 'running', 'retryable')
    RETURNING id, state
)
SELECT id,
       (SELECT count(pg_notify(@cancel_channel, '')) WHERE EXISTS (SELECT 1 FROM acted WHERE state = 'running')) AS notified
FROM acted;
