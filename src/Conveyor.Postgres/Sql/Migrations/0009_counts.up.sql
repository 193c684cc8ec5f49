-- Migration 9 (up): job counts without reading the table, in schema {schema}. Idempotent. Finished jobs are most of a
-- long-lived jobs table (a million completed ones are a day of 12 a second); jobs_finished holds only their queue and
-- state, so count_jobs.sql counts them from this index alone (an index-only scan, no heap reads once vacuum has marked
-- the pages all-visible) and list_queues.sql finds the queues that have them by skipping from one queue to the next.
-- It costs one index entry per job that finishes, none on the way there. Building it reads the table once, holding off
-- writes to jobs meanwhile (docs/postgres.md).
CREATE INDEX IF NOT EXISTS jobs_finished ON {schema}.jobs (queue, state)
    WHERE state IN ('completed', 'discarded', 'cancelled');
