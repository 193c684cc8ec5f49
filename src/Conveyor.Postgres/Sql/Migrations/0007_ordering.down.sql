-- Migration 7 (down): drops the jobs' ordering keys and their index; the jobs stay, and run in no particular order.
DROP INDEX IF EXISTS {schema}.jobs_lines;
ALTER TABLE {schema}.jobs
    DROP COLUMN IF EXISTS ordering_key;
