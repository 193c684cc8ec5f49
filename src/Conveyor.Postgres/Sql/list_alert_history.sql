-- A page of alerts, firing and resolved, newest first, off the primary key. Inputs: @before_id (NULL for the first
-- page) @limit.
SELECT id, rule, subject, severity, message, fired_at, last_seen_at, resolved_at
FROM {schema}.alerts
WHERE (@before_id::bigint IS NULL OR id < @before_id)
ORDER BY id DESC
LIMIT @limit;
