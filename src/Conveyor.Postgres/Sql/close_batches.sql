-- Closes up to @limit open batches none of whose jobs is unfinished, oldest first, and releases or cancels their held
-- callbacks, all in this one statement (one transaction). Inputs: @limit, @held_until (BatchJobs.HeldUntil), @now
-- (NULL: the database clock), @channel.
-- Guard: a batch closes at most once, however many callers race. Open batches come off the partial batches_open
-- index and are locked FOR UPDATE SKIP LOCKED, so concurrent closers never wait for each other nor take the same
-- batch; one that another closer closed after this statement's snapshot is re-checked on its committed row when
-- locked (and drops out), and the UPDATE re-checks closed_at IS NULL. A batch's jobs are checked by NOT EXISTS
-- through batch_jobs' primary key and jobs' (a lookup per job until the first unfinished one); a deleted job has
-- finished. Because the callback changes in the statement that closes its batch, it is released at most once: a
-- callback still held (scheduled at @held_until) becomes available now when the condition holds (all_finished, or
-- every job completed) and cancelled (finalized now) when not; one no longer held (cancelled or deleted by hand) is
-- left as it is. Callbacks are read by primary key only and locked in id order, as cancels lock jobs, so the two
-- never deadlock. Returns each batch closed: its id, the callback's id and queue ('' once deleted), and whether the
-- callback was released; the queues of released callbacks are notified on commit.
WITH clock AS (
    SELECT coalesce(@now, statement_timestamp()) AS now
), closing AS MATERIALIZED (
    SELECT batch.id
    FROM {schema}.batches AS batch
    WHERE batch.closed_at IS NULL
      AND NOT EXISTS (
          SELECT FROM {schema}.batch_jobs AS member
          JOIN {schema}.jobs AS job ON job.id = member.job_id
          WHERE member.batch_id = batch.id AND job.state IN ('available', 'scheduled', 'running', 'retryable'))
    ORDER BY batch.id
    LIMIT @limit
    FOR UPDATE OF batch SKIP LOCKED
), counted AS (
    SELECT closing.id,
           count(job.id) FILTER (WHERE job.state = 'completed') AS completed,
           count(job.id) FILTER (WHERE job.state = 'discarded') AS discarded,
           count(job.id) FILTER (WHERE job.state = 'cancelled') AS cancelled,
           count(member.job_id) - count(job.id) AS deleted
    FROM closing
    LEFT JOIN {schema}.batch_jobs AS member ON member.batch_id = closing.id
    LEFT JOIN {schema}.jobs AS job ON job.id = member.job_id
    GROUP BY closing.id
), closed AS (
    UPDATE {schema}.batches AS batch
    SET closed_at = clock.now, completed = counted.completed, discarded = counted.discarded,
        cancelled = counted.cancelled, deleted = counted.deleted
    FROM counted, clock
    WHERE batch.id = counted.id AND batch.closed_at IS NULL
    RETURNING batch.id, batch.callback_job_id,
              batch.condition = 'all_finished' OR counted.discarded + counted.cancelled + counted.deleted = 0 AS release
), callbacks AS MATERIALIZED (
    -- By primary key only, locked in id order. A locked row is the latest version and stays so until commit, so
    -- "still held" is decided here and the UPDATE below needs no guard of its own.
    SELECT job.id, job.queue, job.state = 'scheduled' AND job.scheduled_at = @held_until AS held
    FROM {schema}.jobs AS job
    WHERE job.id = ANY(ARRAY(SELECT callback_job_id FROM closed))
    ORDER BY job.id
    FOR NO KEY UPDATE
), moved AS (
    UPDATE {schema}.jobs AS job
    SET state = CASE WHEN closed.release THEN 'available' ELSE 'cancelled' END,
        scheduled_at = CASE WHEN closed.release THEN clock.now ELSE job.scheduled_at END,
        finalized_at = CASE WHEN closed.release THEN job.finalized_at ELSE clock.now END
    FROM callbacks JOIN closed ON closed.callback_job_id = callbacks.id, clock
    WHERE job.id = callbacks.id AND callbacks.held
    RETURNING job.id, job.queue, job.state
)
SELECT closed.id, closed.callback_job_id, coalesce(callbacks.queue, '') AS queue,
       coalesce(moved.state = 'available', false) AS released,
       (SELECT count(pg_notify(@channel, woken.queue))
        FROM (SELECT DISTINCT queue FROM moved WHERE state = 'available') AS woken) AS notified
FROM closed
LEFT JOIN callbacks ON callbacks.id = closed.callback_job_id
LEFT JOIN moved ON moved.id = closed.callback_job_id
ORDER BY closed.id;
