-- Asks the worker running job @id to stop; it sees the request at its next lease renewal. Guard: running.
UPDATE conveyor_jobs SET cancel_requested_at = COALESCE(cancel_requested_at, @now) WHERE id = @id AND state = 2;
