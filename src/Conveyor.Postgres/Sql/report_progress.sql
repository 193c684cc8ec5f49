-- Records how far job @id's running attempt is, at now. Inputs: @id @attempt @owner (the guard), @percent, @message
-- (NULL: none), @now (NULL: the database clock).
-- Guard: state = 'running' AND attempt = @attempt AND lease_owner = @owner; otherwise nothing changes (stale). The
-- count of rows changed (0 or 1) says whether it applied. No indexed column changes, so the update can be HOT.
UPDATE {schema}.jobs
SET progress_percent = @percent, progress_message = @message, progress_at = coalesce(@now, statement_timestamp())
WHERE id = @id AND state = 'running' AND attempt = @attempt AND lease_owner = @owner;
