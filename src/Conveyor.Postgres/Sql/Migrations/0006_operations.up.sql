-- Migration 6 (up): what operations read, in schema {schema}: each job's trace parent, each node's busy slots and
-- version, and the stats table of per-minute statistics. Idempotent (IF NOT EXISTS throughout), so running it again
-- by hand is harmless. The new columns are nullable or have a constant default: adding them changes only the catalog,
-- so neither jobs nor nodes is rewritten or scanned.
-- trace_parent is the W3C traceparent of the span that enqueued the job (at most StoreLimits.MaxTraceParentLength
-- characters), or NULL; it is written once, by insert.sql, and never changes.
ALTER TABLE {schema}.jobs
    ADD COLUMN IF NOT EXISTS trace_parent text;
ALTER TABLE {schema}.nodes
    ADD COLUMN IF NOT EXISTS busy    integer NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS version text    NOT NULL DEFAULT '';
-- One row per queue and minute: the attempts every node ended in it, added up by record_stats.sql, and the depth the
-- leader sampled. durations holds DurationBuckets.Count counts. queue sorts bytewise (COLLATE "C"), which for queue
-- names (ASCII) is .NET's ordinal order, so listings come off the primary key in the order the contract asks.
CREATE TABLE IF NOT EXISTS {schema}.stats (
    -- Fixed-width columns first: no alignment padding inside the row.
    minute    timestamptz NOT NULL,
    processed bigint      NOT NULL,
    failed    bigint      NOT NULL,
    discarded bigint      NOT NULL,
    depth     bigint,
    queue     text        COLLATE "C" NOT NULL,
    durations bigint[]    NOT NULL,
    PRIMARY KEY (queue, minute)
) WITH (
    -- A minute's row is rewritten by every node each StatsInterval while the minute lasts, without touching an indexed
    -- column: leave room on the page so those rewrites are HOT updates. Past its minute a row never changes again.
    fillfactor = 70
);
-- Retention and listings of every queue: minutes by start time.
CREATE INDEX IF NOT EXISTS stats_minute ON {schema}.stats (minute);
