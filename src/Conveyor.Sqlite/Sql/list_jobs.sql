-- A page of jobs, newest first. Filters (each NULL for "any"): @state @queue @kind @tag (one of the job's tags)
-- @text (a blob of UTF-8 bytes the arguments contain, or text the errors' JSON contains) @before_id @after_id. Page size @limit.
SELECT id, kind, queue, args, state, attempt, max_attempts, priority, scheduled_at, created_at, attempted_at,
       finalized_at, lease_owner, lease_expires_at, unique_key, errors, tags, cancel_requested_at,
       progress_percent, progress_message, progress_at, result, trace_parent, ordering_key
FROM conveyor_jobs
WHERE (@state IS NULL OR state = @state)
  AND (@queue IS NULL OR queue = @queue)
  AND (@kind IS NULL OR kind = @kind)
  AND (@tag IS NULL OR EXISTS (SELECT 1 FROM json_each(conveyor_jobs.tags) WHERE json_each.value = @tag))
  AND (@text IS NULL OR instr(args, @text) > 0 OR instr(errors, CAST(@text AS TEXT)) > 0)
  AND (@before_id IS NULL OR id < @before_id)
  AND (@after_id IS NULL OR id > @after_id)
ORDER BY id DESC
LIMIT @limit;
