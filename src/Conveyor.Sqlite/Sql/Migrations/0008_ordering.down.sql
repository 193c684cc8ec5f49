-- Migration 8 (down): drops the ordering keys and their index; jobs are kept, and run in no particular order.
DROP INDEX IF EXISTS conveyor_jobs_lines;
ALTER TABLE conveyor_jobs DROP COLUMN ordering_key;
