-- A page of alerts, firing and resolved, newest first. Inputs: @before_id (NULL for the first page) @limit.
SELECT id, rule, subject, severity, message, fired_at, last_seen_at, resolved_at
FROM conveyor_alerts
WHERE (@before_id IS NULL OR id < @before_id)
ORDER BY id DESC
LIMIT @limit;
