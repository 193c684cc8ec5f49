-- One batch with its jobs in position order: batch @batch_id, or when it is 0 the batch whose callback is
-- @callback_job_id (found through the unique batches_callback index). One row per job, each with the batch's columns
-- and then the job's id, its current state and its result (both NULL once the job is deleted); a batch without jobs
-- is one row with NULL job columns; no row: no such batch. One statement, so the batch and its jobs come from one
-- snapshot. The batch is found by primary key, then its jobs through batch_jobs' and jobs' primary keys.
SELECT batch.id, batch.callback_job_id, batch.condition, batch.total, batch.created_at, batch.closed_at,
       batch.completed, batch.discarded, batch.cancelled, batch.deleted, member.job_id, job.state, job.result
FROM {schema}.batches AS batch
LEFT JOIN {schema}.batch_jobs AS member ON member.batch_id = batch.id
LEFT JOIN {schema}.jobs AS job ON job.id = member.job_id
WHERE batch.id = CASE WHEN @batch_id <> 0 THEN @batch_id
                      ELSE (SELECT wanted.id FROM {schema}.batches AS wanted WHERE wanted.callback_job_id = @callback_job_id) END
ORDER BY member.position;
