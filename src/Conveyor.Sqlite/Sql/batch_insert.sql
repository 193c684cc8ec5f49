-- Records a batch over @total jobs with callback @callback_job_id. Inputs: @callback_job_id @condition @total @now.
-- Runs in the write transaction that inserts its jobs, its callback and its list of jobs (batch_add_jobs).
INSERT INTO conveyor_batches (callback_job_id, condition, total, created_at)
VALUES (@callback_job_id, @condition, @total, @now)
RETURNING id;
