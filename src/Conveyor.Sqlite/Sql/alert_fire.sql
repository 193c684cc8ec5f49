-- Records a firing alert, unless one of @rule and @subject fires already (conveyor_alerts_firing): then nothing, and
-- no row comes back (alert_touch.sql runs next, in the same transaction). Inputs: @rule @subject @severity @message @at.
-- Returns the new row: id, rule, subject, severity, message, fired_at, last_seen_at, resolved_at.
INSERT INTO conveyor_alerts (rule, subject, severity, message, fired_at, last_seen_at)
VALUES (@rule, @subject, @severity, @message, @at, @at)
ON CONFLICT (rule, subject) WHERE resolved_at IS NULL DO NOTHING
RETURNING id, rule, subject, severity, message, fired_at, last_seen_at, resolved_at;
