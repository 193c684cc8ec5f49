-- Asks the worker running job @id to stop. Inputs: @id @now. Guard: running. When it marks a job, the caller moves the
-- cancel signal (signal_cancel) in the same transaction, so the worker hears of it at once, not at its next renewal.
UPDATE conveyor_jobs SET cancel_requested_at = COALESCE(cancel_requested_at, @now) WHERE id = @id AND state = 2;
