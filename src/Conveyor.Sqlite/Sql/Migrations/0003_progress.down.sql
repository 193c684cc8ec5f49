-- Migration 3 (down): drops the progress and result columns. Jobs are kept, without their progress and results.
ALTER TABLE conveyor_jobs DROP COLUMN result;
ALTER TABLE conveyor_jobs DROP COLUMN progress_at;
ALTER TABLE conveyor_jobs DROP COLUMN progress_message;
ALTER TABLE conveyor_jobs DROP COLUMN progress_percent;
