-- Deletes at most @limit jobs in final state @state finished before @before, oldest first: only jobs of queue @queue,
-- or, when @queue is NULL, of every queue but those in @except (queues with a retention of their own). Inputs: @state
-- @before @limit @queue @except. The repeated final-state list lets a prepared (generic) plan use the partial
-- jobs_finalized index, and the rows are deleted by primary key whatever @limit is; SKIP LOCKED leaves rows another
-- statement holds to the next round. The queue filter is checked on each row the index yields, so a call limited to
-- some queues steps over the jobs of the others finished before @before.
DELETE FROM {schema}.jobs
WHERE id = ANY(ARRAY(
    SELECT id FROM {schema}.jobs
    WHERE state = @state AND state IN ('completed', 'discarded', 'cancelled') AND finalized_at < @before
      AND (queue = @queue OR @queue IS NULL AND queue <> ALL(@except))
    ORDER BY finalized_at
    LIMIT @limit
    FOR UPDATE SKIP LOCKED));
