-- Migration 7 (up): what operations read. conveyor_jobs.trace_parent is the W3C traceparent of the span that enqueued
-- the job (NULL when none did). conveyor_nodes.busy and .version are how many jobs a node ran and the Conveyor version
-- it runs, as of its last heartbeat (0 and '' for rows written before). conveyor_stats holds one row per queue and
-- minute (minute: its start, Unix microseconds, a whole UTC minute): the attempts that ended, failed and were discarded
-- in it, summed over every node, their durations as a histogram in 17 columns (d0 to d16, one per bucket of
-- DurationBuckets.Bounds, d16 for longer ones; integers, so that every node's counts are added in SQL), and the queue's
-- depth as the leader last sampled it in that minute (NULL if it did not). The primary key reads one queue's minutes in
-- order; conveyor_stats_minute finds every queue's minutes from a time on, and the oldest ones for retention.
ALTER TABLE conveyor_jobs ADD COLUMN trace_parent TEXT;
ALTER TABLE conveyor_nodes ADD COLUMN busy INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conveyor_nodes ADD COLUMN version TEXT NOT NULL DEFAULT '';
CREATE TABLE IF NOT EXISTS conveyor_stats (
    queue     TEXT    NOT NULL,
    minute    INTEGER NOT NULL,
    processed INTEGER NOT NULL,
    failed    INTEGER NOT NULL,
    discarded INTEGER NOT NULL,
    d0        INTEGER NOT NULL,
    d1        INTEGER NOT NULL,
    d2        INTEGER NOT NULL,
    d3        INTEGER NOT NULL,
    d4        INTEGER NOT NULL,
    d5        INTEGER NOT NULL,
    d6        INTEGER NOT NULL,
    d7        INTEGER NOT NULL,
    d8        INTEGER NOT NULL,
    d9        INTEGER NOT NULL,
    d10       INTEGER NOT NULL,
    d11       INTEGER NOT NULL,
    d12       INTEGER NOT NULL,
    d13       INTEGER NOT NULL,
    d14       INTEGER NOT NULL,
    d15       INTEGER NOT NULL,
    d16       INTEGER NOT NULL,
    depth     INTEGER,
    PRIMARY KEY (queue, minute)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS conveyor_stats_minute ON conveyor_stats (minute);
