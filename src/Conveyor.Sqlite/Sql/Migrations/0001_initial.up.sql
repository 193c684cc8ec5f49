-- Migration 1 (up): the jobs table and its indexes, queues, nodes, leaders.
-- Times are Unix microseconds on the store's clock. States: 0 available, 1 scheduled, 2 running, 3 retryable,
-- 4 completed, 5 discarded, 6 cancelled.
CREATE TABLE IF NOT EXISTS conveyor_jobs (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    kind                TEXT    NOT NULL,
    queue               TEXT    NOT NULL,
    args                BLOB    NOT NULL,
    state               INTEGER NOT NULL,
    attempt             INTEGER NOT NULL DEFAULT 0,
    max_attempts        INTEGER NOT NULL,
    priority            INTEGER NOT NULL DEFAULT 0,
    scheduled_at        INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    attempted_at        INTEGER,
    finalized_at        INTEGER,
    lease_owner         TEXT,
    lease_expires_at    INTEGER,
    unique_key          TEXT,
    errors              TEXT    NOT NULL DEFAULT '[]',
    tags                TEXT    NOT NULL DEFAULT '[]',
    cancel_requested_at INTEGER
);
-- Fetch: the available jobs of one queue in priority, due time, id order.
CREATE INDEX IF NOT EXISTS conveyor_jobs_fetch ON conveyor_jobs (queue, priority, scheduled_at, id) WHERE state = 0;
-- Promote: scheduled and retryable jobs by due time.
CREATE INDEX IF NOT EXISTS conveyor_jobs_waiting ON conveyor_jobs (scheduled_at) WHERE state IN (1, 3);
-- Rescue: running jobs by lease expiry.
CREATE INDEX IF NOT EXISTS conveyor_jobs_leases ON conveyor_jobs (lease_expires_at) WHERE state = 2;
-- Prune: finished jobs by state and finish time.
CREATE INDEX IF NOT EXISTS conveyor_jobs_finalized ON conveyor_jobs (state, finalized_at) WHERE state IN (4, 5, 6);
-- Unique jobs: a key is held only while its job is unfinished.
CREATE UNIQUE INDEX IF NOT EXISTS conveyor_jobs_unique ON conveyor_jobs (unique_key) WHERE unique_key IS NOT NULL AND state IN (0, 1, 2, 3);
-- Admin counts and filtered lists.
CREATE INDEX IF NOT EXISTS conveyor_jobs_queue_state ON conveyor_jobs (queue, state);
CREATE TABLE IF NOT EXISTS conveyor_queues (
    name   TEXT PRIMARY KEY,
    paused INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS conveyor_nodes (
    id           TEXT PRIMARY KEY,
    host         TEXT    NOT NULL,
    pid          INTEGER NOT NULL,
    queues       TEXT    NOT NULL,
    started_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS conveyor_leaders (
    name       TEXT PRIMARY KEY,
    owner      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
