-- Deletes at most @limit jobs in final state @state finished before @before, oldest first. Inputs: @state @before
-- @limit. The repeated final-state list lets a generic (prepared) plan use the partial jobs_finalized index; SKIP
-- LOCKED leaves rows another statement holds to the next round.
DELETE FROM {schema}.jobs
WHERE id IN (
    SELECT id FROM {schema}.jobs
    WHERE state = @state AND state IN ('completed', 'discarded', 'cancelled') AND finalized_at < @before
    ORDER BY finalized_at
    LIMIT @limit
    FOR UPDATE SKIP LOCKED);
