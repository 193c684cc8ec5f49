-- Deletes at most @limit batches closed before @before, oldest first, with their batch_jobs rows; never a job.
-- Inputs: @before @limit. The batches come off the partial batches_closed index, SKIP LOCKED leaves rows another
-- statement holds to the next round, and each batch's jobs are deleted through batch_jobs' primary key. Returns how
-- many batches were deleted.
WITH deleted AS (
    DELETE FROM {schema}.batches
    WHERE id = ANY(ARRAY(
        SELECT id FROM {schema}.batches
        WHERE closed_at < @before
        ORDER BY closed_at
        LIMIT @limit
        FOR UPDATE SKIP LOCKED))
    RETURNING id
), members AS (
    DELETE FROM {schema}.batch_jobs WHERE batch_id = ANY(ARRAY(SELECT id FROM deleted))
)
SELECT count(*)::integer FROM deleted;
