-- Migration 2 (up): recurring schedules, one row per schedule name. misfire is MisfirePolicy's value: 0 run once,
-- 1 run all, 2 skip. paused is 0 or 1. cursor (every tick at or before it has been handled) and updated_at are Unix
-- microseconds on the store's clock; cursor is NULL until the leader first sees the schedule, and after a resume.
CREATE TABLE IF NOT EXISTS conveyor_schedules (
    name         TEXT    PRIMARY KEY,
    kind         TEXT    NOT NULL,
    queue        TEXT    NOT NULL,
    args         BLOB    NOT NULL,
    cron         TEXT    NOT NULL,
    time_zone    TEXT    NOT NULL,
    misfire      INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    priority     INTEGER NOT NULL DEFAULT 0,
    paused       INTEGER NOT NULL DEFAULT 0,
    cursor       INTEGER,
    updated_at   INTEGER NOT NULL
);
