-- Records a running attempt's progress at @now. Inputs: @id @attempt @owner (the guard), @percent, @message (NULL for
-- none), @now. Guard: state = running AND attempt = @attempt AND lease_owner = @owner; no row changed means stale.
UPDATE conveyor_jobs SET progress_percent = @percent, progress_message = @message, progress_at = @now
WHERE id = @id AND state = 2 AND attempt = @attempt AND lease_owner = @owner;
