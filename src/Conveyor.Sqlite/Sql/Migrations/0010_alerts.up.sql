-- Migration 10 (up): the alerts the leader raised (IAlertStore). One row per alert: its health rule, subject (queue or
-- schedule), severity ('unhealthy' or 'degraded'), message, and fired_at, last_seen_at and resolved_at (Unix
-- microseconds; resolved_at NULL while it fires). conveyor_alerts_firing lets at most one alert of a rule and subject
-- fire at a time (what makes a new leader's firing of it a no-op); conveyor_alerts_resolved finds the oldest resolved
-- ones for retention. AUTOINCREMENT: an id is never reused once pruned, so the history's pages stay in firing order.
CREATE TABLE IF NOT EXISTS conveyor_alerts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    rule         TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    severity     TEXT    NOT NULL,
    message      TEXT    NOT NULL,
    fired_at     INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    resolved_at  INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS conveyor_alerts_firing ON conveyor_alerts (rule, subject) WHERE resolved_at IS NULL;
CREATE INDEX IF NOT EXISTS conveyor_alerts_resolved ON conveyor_alerts (resolved_at) WHERE resolved_at IS NOT NULL;
