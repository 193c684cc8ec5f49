-- Renews one lease. Inputs: @id @attempt @owner @lease_expires_at.
-- Guard: still running with the same attempt and owner; no row back means the lease is lost.
UPDATE conveyor_jobs SET lease_expires_at = @lease_expires_at
WHERE id = @id AND state = 2 AND attempt = @attempt AND lease_owner = @owner
RETURNING cancel_requested_at IS NOT NULL;
