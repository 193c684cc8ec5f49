-- Cancels job @id at @now if it has not started. Guard: available, scheduled or retryable.
UPDATE conveyor_jobs SET state = 6, finalized_at = @now WHERE id = @id AND state IN (0, 1, 3);
