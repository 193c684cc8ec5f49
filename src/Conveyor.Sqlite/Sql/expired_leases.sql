-- Running jobs whose lease ran out by @now, oldest expiry first, at most @limit.
SELECT id, kind, queue, args, state, attempt, max_attempts, priority, scheduled_at, created_at, attempted_at,
       finalized_at, lease_owner, lease_expires_at, unique_key, errors, tags, cancel_requested_at,
       progress_percent, progress_message, progress_at, result, trace_parent, ordering_key
FROM conveyor_jobs WHERE state = 2 AND lease_expires_at <= @now ORDER BY lease_expires_at LIMIT @limit;
