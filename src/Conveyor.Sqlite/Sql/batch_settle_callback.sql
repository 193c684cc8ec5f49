-- Releases callback @id (@release = 1: available, due @now, so it is fetched at once) or cancels it (@release = 0:
-- cancelled, finalized @now). Inputs: @id @release @now @held_until. Returns the callback's queue when it changed.
-- Guard: still held (scheduled at @held_until); a callback someone has retried, cancelled or deleted is left as it is.
-- Runs in the transaction that closes its batch (batch_close), so it is released at most once.
UPDATE conveyor_jobs
SET state = CASE WHEN @release = 1 THEN 0 ELSE 6 END,
    scheduled_at = CASE WHEN @release = 1 THEN @now ELSE scheduled_at END,
    finalized_at = CASE WHEN @release = 1 THEN NULL ELSE @now END
WHERE id = @id AND state = 1 AND scheduled_at = @held_until
RETURNING queue;
