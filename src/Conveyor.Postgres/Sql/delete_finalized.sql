-- Deletes at most @limit jobs in final state @state finished before @before, oldest first. Inputs: @state @before
-- @limit. The repeated final-state list lets a prepared (generic) plan use the partial jobs_finalized index, and the
-- rows are deleted by primary key whatever @limit is; SKIP LOCKED leaves rows another statement holds to the next round.
DELETE FROM {schema}.jobs
WHERE id = ANY(ARRAY(
    SELECT id FROM {schema}.jobs
    WHERE state = @state AND state IN ('completed', 'discarded', 'cancelled') AND finalized_at < @before
    ORDER BY finalized_at
    LIMIT @limit
    FOR UPDATE SKIP LOCKED));
