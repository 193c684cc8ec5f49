-- Makes job @id available now with a fresh attempt budget (errors kept). Inputs: @id @now.
-- Guard: not running or available, and its unique key (if any) not held by another unfinished job.
UPDATE conveyor_jobs
SET state = 0, attempt = 0, scheduled_at = @now, finalized_at = NULL, cancel_requested_at = NULL
WHERE id = @id AND state IN (1, 3, 4, 5, 6)
  AND (unique_key IS NULL OR NOT EXISTS (
      SELECT 1 FROM conveyor_jobs other
      WHERE other.unique_key = conveyor_jobs.unique_key AND other.state IN (0, 1, 2, 3) AND other.id <> conveyor_jobs.id));
