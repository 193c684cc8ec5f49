-- Migration 2 (up): the schedules table of recurring jobs, in schema {schema}.
-- Idempotent (IF NOT EXISTS), so running it again by hand is harmless.
-- A schedule's cursor: every tick at or before it has been enqueued or skipped; NULL until the leader first sees the
-- schedule, and after a resume. Misfire policies are their snake_case names.
CREATE TABLE IF NOT EXISTS {schema}.schedules (
    -- Fixed-width columns first: no alignment padding inside the row.
    cursor       timestamptz,
    updated_at   timestamptz NOT NULL,
    max_attempts integer     NOT NULL,
    priority     integer     NOT NULL DEFAULT 0,
    paused       boolean     NOT NULL DEFAULT false,
    name         text        PRIMARY KEY,
    kind         text        NOT NULL,
    queue        text        NOT NULL,
    cron         text        NOT NULL,
    time_zone    text        NOT NULL,
    misfire      text        NOT NULL CHECK (misfire IN ('run_once', 'run_all', 'skip')),
    args         bytea       NOT NULL
) WITH (
    -- The leader rewrites each schedule's cursor at every tick without touching an indexed column: leave room on the
    -- page so each advance is a HOT update, as for nodes and leaders.
    fillfactor = 50
);
