-- Migration 6 (down): drops the stats table, the nodes' busy and version columns and the jobs' trace_parent column.
-- Forgets every minute of statistics and every job's trace parent (later attempts then start traces of their own);
-- the jobs stay.
DROP TABLE IF EXISTS {schema}.stats;
ALTER TABLE {schema}.nodes
    DROP COLUMN IF EXISTS version,
    DROP COLUMN IF EXISTS busy;
ALTER TABLE {schema}.jobs
    DROP COLUMN IF EXISTS trace_parent;
