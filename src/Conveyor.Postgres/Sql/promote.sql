-- Makes up to @limit due scheduled/retryable jobs available, earliest due first. Inputs: @limit, @now (NULL: the
-- database clock), @channel. Guard: FOR UPDATE SKIP LOCKED, so two promoters never move the same job.
-- Returns each queue that got jobs with how many; those queues are notified on commit.
WITH due AS (
    SELECT id FROM {schema}.jobs
    WHERE state IN ('scheduled', 'retryable') AND scheduled_at <= coalesce(@now, statement_timestamp())
    ORDER BY scheduled_at
    LIMIT @limit
    FOR UPDATE SKIP LOCKED
), promoted AS (
    UPDATE {schema}.jobs SET state = 'available' WHERE id = ANY(ARRAY(SELECT id FROM due)) RETURNING queue
)
SELECT queue, count(*) AS promoted, pg_notify(@channel, queue)::text AS notified FROM promoted GROUP BY queue;
