-- Migration 7 (down): drops the per-minute statistics, the jobs' trace parents and the nodes' busy count and version.
-- Jobs and nodes are kept.
DROP TABLE IF EXISTS conveyor_stats;
ALTER TABLE conveyor_nodes DROP COLUMN version;
ALTER TABLE conveyor_nodes DROP COLUMN busy;
ALTER TABLE conveyor_jobs DROP COLUMN trace_parent;
