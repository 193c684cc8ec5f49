-- Claims up to @limit available jobs of @queue (unless paused) for @owner until @lease_expires_at.
-- Inputs: @queue @limit @owner @now @lease_expires_at. Runs in a BEGIN IMMEDIATE transaction: SQLite has one
-- writer at a time across every process, so a job is never claimed twice. The new attempt starts with no progress and
-- no result. A job with an ordering key is claimed only when no job of its line (queue, kind, key) with a lower id is
-- unfinished: the one write transaction makes the check and the claim one step, so two jobs of a line never run at
-- once, and they start in id order. A job held back stays available; the check reads conveyor_jobs_lines.
UPDATE conveyor_jobs
SET state = 2, attempt = attempt + 1, attempted_at = @now, lease_owner = @owner, lease_expires_at = @lease_expires_at,
    progress_percent = NULL, progress_message = NULL, progress_at = NULL, result = NULL
WHERE id IN (
    SELECT id FROM conveyor_jobs
    WHERE state = 0 AND queue = @queue
      AND NOT EXISTS (SELECT 1 FROM conveyor_queues WHERE name = @queue AND paused = 1)
      AND (ordering_key IS NULL OR NOT EXISTS (
          SELECT 1 FROM conveyor_jobs e
          WHERE e.queue = conveyor_jobs.queue AND e.kind = conveyor_jobs.kind AND e.ordering_key IS NOT NULL
            AND e.ordering_key = conveyor_jobs.ordering_key AND e.id < conveyor_jobs.id AND e.state IN (0, 1, 2, 3)))
    ORDER BY priority, scheduled_at, id
    LIMIT @limit)
RETURNING id, kind, queue, args, state, attempt, max_attempts, priority, scheduled_at, created_at, attempted_at,
          finalized_at, lease_owner, lease_expires_at, unique_key, errors, tags, cancel_requested_at,
          progress_percent, progress_message, progress_at, result, trace_parent, ordering_key;
