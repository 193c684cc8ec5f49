-- Moves the last-seen time of the firing alert of @rule and @subject forward to @at (never back).
-- Inputs: @rule @subject @at. Guard: resolved_at IS NULL. Returns the row as alert_fire.sql does.
UPDATE conveyor_alerts SET last_seen_at = max(last_seen_at, @at)
WHERE rule = @rule AND subject = @subject AND resolved_at IS NULL
RETURNING id, rule, subject, severity, message, fired_at, last_seen_at, resolved_at;
