-- Migration 5 (up): batches and continuations, in schema {schema}: the batches table and batch_jobs, each batch's
-- jobs in order. Idempotent (IF NOT EXISTS throughout), so running it again by hand is harmless.
-- A batch is open while closed_at is NULL; close_batches.sql sets closed_at and the four counts together, once. Its
-- callback is a row of jobs inserted with it, held (scheduled at BatchJobs.HeldUntil) until then. Neither table
-- references jobs: a job may be pruned or deleted while its batch is kept (it then counts as deleted), and the
-- batch's rows are deleted only by delete_closed_batches.sql, both tables in one statement.
CREATE TABLE IF NOT EXISTS {schema}.batches (
    -- Fixed-width columns first: no alignment padding inside the row.
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    callback_job_id bigint      NOT NULL,
    created_at      timestamptz NOT NULL,
    closed_at       timestamptz,
    total           integer     NOT NULL,
    completed       integer,
    discarded       integer,
    cancelled       integer,
    deleted         integer,
    condition       text        NOT NULL CHECK (condition IN ('all_finished', 'all_succeeded')),
    CHECK ((closed_at IS NULL) = (completed IS NULL AND discarded IS NULL AND cancelled IS NULL AND deleted IS NULL))
);
-- Get a batch by its callback: each callback belongs to exactly one batch.
CREATE UNIQUE INDEX IF NOT EXISTS batches_callback ON {schema}.batches (callback_job_id);
-- Close: the open batches, oldest first. Empty when no batch is open, so the leader's call each second reads nothing.
CREATE INDEX IF NOT EXISTS batches_open ON {schema}.batches (id) WHERE closed_at IS NULL;
-- Delete closed batches: the oldest closed first.
CREATE INDEX IF NOT EXISTS batches_closed ON {schema}.batches (closed_at) WHERE closed_at IS NOT NULL;
-- One row per job of a batch, at its position (1-based, the order the jobs were added). The primary key serves every
-- statement: a batch's jobs are always read, checked and deleted through their batch_id.
CREATE TABLE IF NOT EXISTS {schema}.batch_jobs (
    batch_id bigint  NOT NULL,
    job_id   bigint  NOT NULL,
    position integer NOT NULL,
    PRIMARY KEY (batch_id, position)
);
