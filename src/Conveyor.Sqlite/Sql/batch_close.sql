-- Closes up to @limit open batches, oldest first, none of whose jobs is unfinished (available, scheduled, running or
-- retryable; a deleted job is finished), at @now, with the counts of their jobs' final states (a job no longer in
-- conveyor_jobs counts as deleted). Inputs: @now @limit. Returns each closed batch with its callback and counts.
-- Guard: closed_at IS NULL, and the whole close (this and batch_settle_callback) is one BEGIN IMMEDIATE transaction,
-- so a batch closes once however many processes call this. With no open batch it reads only the empty
-- conveyor_batches_open index; an open batch costs a primary-key lookup per job, stopping at its first unfinished
-- one; the key keeps a batch's jobs last first, the likeliest to be still waiting.
UPDATE conveyor_batches AS b
SET closed_at = @now,
    (completed, discarded, cancelled, deleted) = (
        SELECT count(*) FILTER (WHERE j.state = 4), count(*) FILTER (WHERE j.state = 5),
               count(*) FILTER (WHERE j.state = 6), count(*) FILTER (WHERE j.id IS NULL)
        FROM conveyor_batch_jobs AS m LEFT JOIN conveyor_jobs AS j ON j.id = m.job_id
        WHERE m.batch_id = b.id)
WHERE b.closed_at IS NULL
  AND b.id IN (
    SELECT o.id FROM conveyor_batches AS o
    WHERE o.closed_at IS NULL
      AND NOT EXISTS (
          SELECT 1 FROM conveyor_batch_jobs AS m JOIN conveyor_jobs AS j ON j.id = m.job_id
          WHERE m.batch_id = o.id AND j.state IN (0, 1, 2, 3))
    ORDER BY o.id
    LIMIT @limit)
RETURNING id, callback_job_id, condition, completed, discarded, cancelled, deleted;
