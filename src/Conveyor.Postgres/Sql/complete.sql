-- Applies a batch of decided completions. Inputs, one element per completion in request order: @ids @attempts
-- @owners (the guard), @states (target state), @charges (false gives the attempt back), @delays (due again at now +
-- delay; NULL keeps the due time), @finals (sets finalized_at = now), @errors (jsonb to append, or NULL); @max_errors
-- (errors kept per job); @now (NULL: the database clock); @channel.
-- Guard: state = 'running' AND attempt = @attempts[i] AND lease_owner = @owners[i]; otherwise nothing changes (stale).
-- The rows are locked in id order first (the count over "locked" runs once, before any row is updated): batches from
-- several workers and the rescuer, and lease renewals, may touch the same jobs at once, and a common lock order lets
-- them queue instead of deadlocking.
-- Returns the ordinal of each applied completion; the others were stale. Queues that got an available job back
-- (interrupted) are notified on commit.
WITH clock AS (
    SELECT coalesce(@now, statement_timestamp()) AS now
), locked AS MATERIALIZED (
    SELECT id FROM {schema}.jobs WHERE id = ANY(@ids) ORDER BY id FOR NO KEY UPDATE
), applied AS (
    UPDATE {schema}.jobs AS j
    SET state = c.state,
        attempt = CASE WHEN c.charges THEN j.attempt ELSE j.attempt - 1 END,
        scheduled_at = coalesce(clock.now + c.delay, j.scheduled_at),
        finalized_at = CASE WHEN c.final THEN clock.now END,
        lease_owner = NULL,
        lease_expires_at = NULL,
        -- Append, then keep the newest @max_errors.
        errors = CASE WHEN c.error IS NULL THEN j.errors
                      ELSE jsonb_path_query_array(j.errors || jsonb_build_array(c.error), '$[last - $n to last]',
                                                  jsonb_build_object('n', @max_errors - 1)) END
    FROM unnest(@ids, @attempts, @owners, @states, @charges, @delays, @finals, @errors)
             WITH ORDINALITY AS c(id, attempt, owner, state, charges, delay, final, error, ord),
         clock
    WHERE (SELECT count(*) FROM locked) > 0
      AND j.id = c.id AND j.state = 'running' AND j.attempt = c.attempt AND j.lease_owner = c.owner
    RETURNING c.ord, j.queue, j.state
)
SELECT ord,
       (SELECT count(pg_notify(@channel, woken.queue))
        FROM (SELECT DISTINCT queue FROM applied WHERE state = 'available') AS woken) AS notified
FROM applied;
