-- Up to @limit batches, newest first; only those still open when @open_only = 1.
SELECT id, callback_job_id, condition, total, created_at, closed_at, completed, discarded, cancelled, deleted
FROM conveyor_batches
WHERE @open_only = 0 OR closed_at IS NULL
ORDER BY id DESC
LIMIT @limit;
