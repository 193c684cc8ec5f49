-- Applies a batch of decided completions. Inputs, one element per completion in request order: @ids @attempts
-- @owners (the guard), @states (target state), @charges (false gives the attempt back), @delays (due again at now +
-- delay; NULL keeps the due time), @finals (sets finalized_at = now), @errors (jsonb to append, or NULL), @results
-- (the result to keep: set for completed jobs, NULL otherwise); @max_errors (errors kept per job); @now (NULL: the
-- database clock); @channel.
-- Guard: state = 'running' AND attempt = @attempts[i] AND lease_owner = @owners[i]; otherwise nothing changes (stale).
-- Each job is found by primary key from its completion and locked there, in id order: batches from several workers
-- and the rescuer, and lease renewals, may touch the same jobs at once, and a common lock order lets them queue
-- instead of deadlocking. The lookup is a LATERAL subquery behind OFFSET 0, so the planner cannot turn it into a
-- join of its own choosing: with statistics taken before any job ran (a burst of inserts), it estimated one
-- running job and rescanned the whole batch once per running job (seen: 3 s for a batch of 1,000 with 7,800 jobs
-- running). The guard is checked on the locked row.
-- Returns the ordinal of each applied completion; the others were stale. Queues that got an available job back
-- (interrupted), or whose job of a line finished (the line's next job may be fetched now), are notified on commit.
WITH clock AS (
    SELECT coalesce(@now, statement_timestamp()) AS now
), target AS MATERIALIZED (
    SELECT c.*
    FROM (SELECT * FROM unnest(@ids, @attempts, @owners, @states, @charges, @delays, @finals, @errors, @results)
              WITH ORDINALITY AS c(id, attempt, owner, state, charges, delay, final, error, result, ord)
          ORDER BY id) AS c
    CROSS JOIN LATERAL (
        SELECT state, attempt, lease_owner FROM {schema}.jobs WHERE id = c.id FOR NO KEY UPDATE OFFSET 0
    ) AS j
    WHERE j.state = 'running' AND j.attempt = c.attempt AND j.lease_owner = c.owner
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
                                                  jsonb_build_object('n', @max_errors - 1)) END,
        result = c.result
    FROM target AS c, clock
    WHERE j.id = c.id
    RETURNING c.ord, j.queue, j.state, j.ordering_key
)
SELECT ord,
       (SELECT count(pg_notify(@channel, woken.queue))
        FROM (SELECT DISTINCT queue FROM applied
              WHERE state = 'available'
                 OR ordering_key IS NOT NULL AND state IN ('completed', 'discarded', 'cancelled')) AS woken) AS notified
FROM applied;
