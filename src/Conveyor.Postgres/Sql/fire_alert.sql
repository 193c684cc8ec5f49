-- Records a firing alert, unless one of @rule and @subject fires already (alerts_firing): then nothing, and no row
-- comes back (touch_alert.sql runs next). A concurrent insert of the same alert is waited for, so of any number of
-- callers one inserts. Inputs: @rule @subject @severity @message @at.
-- Returns the new row: id, rule, subject, severity, message, fired_at, last_seen_at, resolved_at.
INSERT INTO {schema}.alerts (rule, subject, severity, message, fired_at, last_seen_at)
VALUES (@rule, @subject, @severity, @message, @at, @at)
ON CONFLICT (rule, subject) WHERE resolved_at IS NULL DO NOTHING
RETURNING id, rule, subject, severity, message, fired_at, last_seen_at, resolved_at;
