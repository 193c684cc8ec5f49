-- Migration 6 (up): batches and continuations. conveyor_batches holds one row per batch: its callback job, its
-- condition (BatchCondition's value: 0 all finished, 1 all succeeded), how many jobs it has, and created_at; closed_at
-- (Unix microseconds on the store's clock) and the four counts of its jobs' final states stay NULL while it is open and
-- are written once, when it closes. Ids are never reused (AUTOINCREMENT), so an old id never names a newer batch.
-- conveyor_batch_jobs lists each batch's jobs by position, the order they were added in, kept last first (the close
-- stops at the first unfinished job it reads, and the last jobs added are the likeliest to be still waiting); job_id is
-- not a foreign key, because a job
-- may be deleted while its batch is kept (it then counts as deleted). Deleting a batch deletes its list (the store's
-- connections run with foreign_keys = ON).
CREATE TABLE IF NOT EXISTS conveyor_batches (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    callback_job_id INTEGER NOT NULL,
    condition       INTEGER NOT NULL,
    total           INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    closed_at       INTEGER,
    completed       INTEGER,
    discarded       INTEGER,
    cancelled       INTEGER,
    deleted         INTEGER
);
-- GetBatch by the callback's id.
CREATE UNIQUE INDEX IF NOT EXISTS conveyor_batches_callback ON conveyor_batches (callback_job_id);
-- The leader's close, every second: only the open batches, so with none open it reads an empty index.
CREATE INDEX IF NOT EXISTS conveyor_batches_open ON conveyor_batches (id) WHERE closed_at IS NULL;
-- Retention: closed batches by close time.
CREATE INDEX IF NOT EXISTS conveyor_batches_closed ON conveyor_batches (closed_at) WHERE closed_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS conveyor_batch_jobs (
    batch_id INTEGER NOT NULL REFERENCES conveyor_batches (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    job_id   INTEGER NOT NULL,
    PRIMARY KEY (batch_id, position DESC)
) WITHOUT ROWID;
