-- Migration 7 (up): ordering keys, in schema {schema}. Idempotent (IF NOT EXISTS throughout). jobs.ordering_key is the
-- key of a job type that runs in order, or NULL for a job in no line; written once, by insert.sql. A nullable column
-- with no default changes only the catalog, so jobs is neither rewritten nor scanned; the index is built from jobs in
-- no line, so it is empty on an existing table. jobs_lines holds the unfinished jobs of every line (queue, kind, key)
-- by id: fetch.sql finds whether a job has an unfinished predecessor with one index probe.
ALTER TABLE {schema}.jobs
    ADD COLUMN IF NOT EXISTS ordering_key text;
CREATE INDEX IF NOT EXISTS jobs_lines ON {schema}.jobs (queue, kind, ordering_key, id)
    WHERE ordering_key IS NOT NULL AND state IN ('available', 'scheduled', 'running', 'retryable');
