-- The firing alerts, newest first. No inputs. Reads alerts_firing.
SELECT id, rule, subject, severity, message, fired_at, last_seen_at, resolved_at
FROM {schema}.alerts WHERE resolved_at IS NULL ORDER BY id DESC;
