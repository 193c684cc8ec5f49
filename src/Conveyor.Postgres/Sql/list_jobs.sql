-- A page of jobs, newest first, keyset-paged on the primary key. Filters (each NULL for "any"): @state @queue @kind
-- @tag (one of the job's tags) @text (the arguments' bytes contain its UTF-8, or the errors' JSON text contains it;
-- bytea's position, so a row whose bytes are not valid UTF-8 never fails the listing) @before_id @after_id. Page size @limit.
SELECT id, kind, queue, args, state, attempt, max_attempts, priority, scheduled_at, created_at, attempted_at,
       finalized_at, lease_owner, lease_expires_at, unique_key, errors, tags, cancel_requested_at, progress_percent,
       progress_message, progress_at, result, trace_parent, ordering_key
FROM {schema}.jobs
WHERE (@state IS NULL OR state = @state)
  AND (@queue IS NULL OR queue = @queue)
  AND (@kind IS NULL OR kind = @kind)
  AND (@tag IS NULL OR @tag = ANY (tags))
  AND (@text IS NULL OR position(convert_to(@text, 'UTF8') IN args) > 0 OR strpos(errors::text, @text) > 0)
  AND (@before_id IS NULL OR id < @before_id)
  AND (@after_id IS NULL OR id > @after_id)
ORDER BY id DESC
LIMIT @limit;
