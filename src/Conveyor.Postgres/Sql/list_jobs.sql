-- A page of jobs, newest first, keyset-paged on the primary key. Filters (each NULL for "any"): @state @queue @kind
-- @before_id. Page size @limit.
SELECT id, kind, queue, args, state, attempt, max_attempts, priority, scheduled_at, created_at, attempted_at,
       finalized_at, lease_owner, lease_expires_at, unique_key, errors, tags, cancel_requested_at, progress_percent,
       progress_message, progress_at, result, trace_parent, ordering_key
FROM {schema}.jobs
WHERE (@state IS NULL OR state = @state)
  AND (@queue IS NULL OR queue = @queue)
  AND (@kind IS NULL OR kind = @kind)
  AND (@before_id IS NULL OR id < @before_id)
ORDER BY id DESC
LIMIT @limit;
