-- One batch, by @batch_id, or when it is 0 by its callback @callback_job_id (conveyor_batches_callback). No row if none.
SELECT id, callback_job_id, condition, total, created_at, closed_at, completed, discarded, cancelled, deleted
FROM conveyor_batches
WHERE id = CASE WHEN @batch_id <> 0 THEN @batch_id
                ELSE (SELECT id FROM conveyor_batches WHERE callback_job_id = @callback_job_id) END;
