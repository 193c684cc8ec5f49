-- Makes jobs @ids available now with a fresh attempt budget (errors kept). Inputs: @ids, @now (NULL: the database
-- clock), @channel. Guard: scheduled, retryable or final (not running or available), and its unique key (if any)
-- not held by another unfinished job; of several requested jobs sharing a key, only the lowest id is retried.
-- Returns the retried ids; their queues are notified on commit.
WITH candidates AS (
    SELECT id, unique_key FROM {schema}.jobs AS j
    WHERE id = ANY(@ids) AND state IN ('scheduled', 'retryable', 'completed', 'discarded', 'cancelled')
      AND (unique_key IS NULL OR NOT EXISTS (
          SELECT 1 FROM {schema}.jobs AS other
          WHERE other.unique_key = j.unique_key AND other.id <> j.id
            AND other.state IN ('available', 'scheduled', 'running', 'retryable')))
    FOR UPDATE
), chosen AS (
    SELECT id FROM candidates WHERE unique_key IS NULL
    UNION ALL
    SELECT min(id) FROM candidates WHERE unique_key IS NOT NULL GROUP BY unique_key
), retried AS (
    UPDATE {schema}.jobs AS j
    SET state = 'available', attempt = 0, scheduled_at = coalesce(@now, statement_timestamp()), finalized_at = NULL,
        cancel_requested_at = NULL
    FROM chosen WHERE j.id = chosen.id
    RETURNING j.id, j.queue
)
SELECT id, pg_notify(@channel, queue)::text AS notified FROM retried;
