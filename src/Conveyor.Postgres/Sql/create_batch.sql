-- Records a batch over jobs that exist (in this transaction): its row, then one batch_jobs row per job. Inputs:
-- @callback_job_id (inserted held, in the same transaction), @condition (all_finished or all_succeeded), @job_ids
-- (the existing jobs, then the new ones, in order; the batch's positions), @now (NULL: the database clock).
-- Guard: none of its own; it runs in the transaction that inserted the new jobs and the callback, so the batch and
-- every job it inserted commit together or not at all. Returns the batch's id.
WITH batch AS (
    INSERT INTO {schema}.batches (callback_job_id, created_at, total, condition)
    VALUES (@callback_job_id, coalesce(@now, statement_timestamp()), cardinality(@job_ids::bigint[]), @condition)
    RETURNING id
), members AS (
    INSERT INTO {schema}.batch_jobs (batch_id, job_id, position)
    SELECT batch.id, member.job_id, member.position
    FROM batch, unnest(@job_ids::bigint[]) WITH ORDINALITY AS member(job_id, position)
)
SELECT id FROM batch;
