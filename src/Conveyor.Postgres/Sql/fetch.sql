-- Claims up to @limit available jobs of @queue (unless paused) for @owner, leased for @lease from now, with no
-- progress and no result (the previous attempt's are cleared).
-- Inputs: @queue @limit @owner @lease @now (NULL: the database clock).
-- Guard: FOR UPDATE SKIP LOCKED. Concurrent fetchers lock disjoint rows and skip each other's, and a row changed
-- since this statement's snapshot is re-checked against state = 'available' before it is claimed, so a job is never
-- claimed twice. Returns the claimed jobs in priority, due time, id order. The claimed rows are found by primary key
-- (= ANY of the picked ids), a plan that stays right in a prepared statement, which cannot know @limit.
WITH clock AS (
    SELECT coalesce(@now, statement_timestamp()) AS now
), picked AS (
    SELECT id FROM {schema}.jobs
    WHERE state = 'available' AND queue = @queue
      AND NOT EXISTS (SELECT 1 FROM {schema}.queues WHERE name = @queue AND paused)
    ORDER BY priority, scheduled_at, id
    LIMIT @limit
    FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE {schema}.jobs AS j
    SET state = 'running', attempt = j.attempt + 1, attempted_at = clock.now, lease_owner = @owner,
        lease_expires_at = clock.now + @lease,
        progress_percent = NULL, progress_message = NULL, progress_at = NULL, result = NULL
    FROM clock
    WHERE j.id = ANY(ARRAY(SELECT id FROM picked))
    RETURNING j.id, j.kind, j.queue, j.args, j.state, j.attempt, j.max_attempts, j.priority, j.scheduled_at, j.created_at,
              j.attempted_at, j.finalized_at, j.lease_owner, j.lease_expires_at, j.unique_key, j.errors, j.tags,
              j.cancel_requested_at, j.progress_percent, j.progress_message, j.progress_at, j.result, j.trace_parent
)
SELECT * FROM claimed ORDER BY priority, scheduled_at, id;
