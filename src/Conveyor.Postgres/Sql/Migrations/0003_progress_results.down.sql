-- Migration 3 (down): drops the progress and result columns of jobs. Destroys every job's progress and result; the
-- jobs stay.
ALTER TABLE {schema}.jobs
    DROP COLUMN IF EXISTS result,
    DROP COLUMN IF EXISTS progress_at,
    DROP COLUMN IF EXISTS progress_message,
    DROP COLUMN IF EXISTS progress_percent;
