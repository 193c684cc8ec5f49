-- Lists the jobs of batch @batch_id: @job_ids is a JSON array of job ids, in the batch's order. One statement
-- for any number of jobs.
INSERT INTO conveyor_batch_jobs (batch_id, position, job_id)
SELECT @batch_id, ids.key, ids.value FROM json_each(@job_ids) AS ids;
