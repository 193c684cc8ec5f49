-- Deletes at most @limit alerts resolved before @before (Unix microseconds), oldest resolved first; firing ones stay.
-- Inputs: @before @limit. Reads conveyor_alerts_resolved.
DELETE FROM conveyor_alerts
WHERE id IN (SELECT id FROM conveyor_alerts WHERE resolved_at < @before ORDER BY resolved_at LIMIT @limit);
