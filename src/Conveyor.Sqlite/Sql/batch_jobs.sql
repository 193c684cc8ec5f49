-- The jobs of batch @batch_id in the batch's order, each with its current state and stored result (both NULL once the
-- job is deleted). One primary-key lookup per job.
SELECT m.job_id, j.state, j.result
FROM conveyor_batch_jobs AS m LEFT JOIN conveyor_jobs AS j ON j.id = m.job_id
WHERE m.batch_id = @batch_id
ORDER BY m.position;
