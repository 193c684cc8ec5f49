-- The firing alerts, newest first. No inputs. Reads conveyor_alerts_firing.
SELECT id, rule, subject, severity, message, fired_at, last_seen_at, resolved_at
FROM conveyor_alerts WHERE resolved_at IS NULL ORDER BY id DESC;
