-- Migration 7 (up): ordering keys, in schema {schema}. Idempotent (IF NOT EXISTS throughout). jobs.ordering_key is the
-- key of a job type that runs in order, or NULL for a job in no line; written once, by insert.sql. A nullable column
-- with no default changes only the catalog, so jobs is not rewritten; the index is empty on an existing table (no job
-- has a key yet), but building it reads the table once, holding off writes to jobs meanwhile. jobs_lines holds the unfinished jobs of every line (queue, kind, key)
-- by id: fetch.sql finds whether a job has an unfinished predecessor with one index probe.
ALTER TABLE {schema}.jobs
    ADD COLUMN IF NOT EXISTS ordering_key text;
CREATE INDEX IF NOT EXISTS jobs_lines ON {schema}.jobs (queue, kind, ordering_key, id)
    WHERE ordering_key IS NOT NULL AND state IN ('available', 'scheduled', 'running', 'retryable');
