-- Claims up to @limit available jobs of @queue (unless paused) for @owner, leased for @lease from now, with no
-- progress and no result (the previous attempt's are cleared).
-- Inputs: @queue @limit @owner @lease @now (NULL: the database clock).
-- Guard: FOR UPDATE SKIP LOCKED. Concurrent fetchers lock disjoint rows and skip each other's, and a row changed
-- since this statement's snapshot is re-checked against state = 'available' before it is claimed, so a job is never
-- claimed twice. Returns the claimed jobs in priority, due time, id order. The claimed rows are found by primary key
-- (= ANY of the picked ids), a plan that stays right in a prepared statement, which cannot know @limit.
-- Ordering: a job with an ordering key is picked only when no job of its line (queue, kind, key) with a lower id is
-- unfinished in this statement's snapshot (jobs_lines answers with one probe). Under READ COMMITTED that snapshot may be
-- stale, but only on the safe side: insert.sql commits a line's jobs in id order, so a snapshot that sees this job
-- sees every earlier one; an earlier job seen finished is finished for good (only an operator's retry brings one back,
-- which docs/flow-control.md describes); and an earlier job seen unfinished holds this one back. Two fetchers cannot
-- both start jobs of one line: a later job is held back by the earlier one, which is unfinished until it ends
-- (available or running alike), and two fetchers of the same job are kept apart by SKIP LOCKED and the re-check of a
-- row changed since the snapshot. A held-back job stays available and is passed over, not locked.
WITH clock AS (
    SELECT coalesce(@now, statement_timestamp()) AS now
), picked AS (
    SELECT id FROM {schema}.jobs
    WHERE state = 'available' AND queue = @queue
      AND NOT EXISTS (SELECT 1 FROM {schema}.queues WHERE name = @queue AND paused)
      AND (ordering_key IS NULL OR NOT EXISTS (
          SELECT 1 FROM {schema}.jobs AS earlier
          WHERE earlier.queue = jobs.queue AND earlier.kind = jobs.kind AND earlier.ordering_key IS NOT NULL
            AND earlier.ordering_key = jobs.ordering_key AND earlier.id < jobs.id
            AND earlier.state IN ('available', 'scheduled', 'running', 'retryable')))
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
              j.cancel_requested_at, j.progress_percent, j.progress_message, j.progress_at, j.result, j.trace_parent,
              j.ordering_key
)
SELECT * FROM claimed ORDER BY priority, scheduled_at, id;
