-- Moves the last-seen time of the firing alert of @rule and @subject forward to @at (never back).
-- Inputs: @rule @subject @at. Guard: resolved_at IS NULL. Returns the row as fire_alert.sql does; none if no alert of
-- them is firing (resolved since fire_alert.sql ran).
UPDATE {schema}.alerts SET last_seen_at = greatest(last_seen_at, @at)
WHERE rule = @rule AND subject = @subject AND resolved_at IS NULL
RETURNING id, rule, subject, severity, message, fired_at, last_seen_at, resolved_at;
