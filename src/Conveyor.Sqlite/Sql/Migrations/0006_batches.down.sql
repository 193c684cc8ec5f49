-- Migration 6 (down): drops the batches and their lists of jobs. The jobs are kept; callbacks still held stay Scheduled
-- at 9999-12-31 until someone retries (runs now), cancels or deletes them.
DROP TABLE IF EXISTS conveyor_batch_jobs;
DROP TABLE IF EXISTS conveyor_batches;
