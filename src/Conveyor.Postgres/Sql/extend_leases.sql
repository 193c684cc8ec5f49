-- Renews leases of @owner to now + @lease. Inputs: @owner @lease @now (NULL: the database clock), and one element
-- per lease in @ids @attempts. Guard: still running with the same attempt and owner.
-- Each job is found by primary key and locked in id order, as in complete.sql (which says why the lookup is a LATERAL
-- subquery), so a renewal and a completion batch over the same jobs queue behind each other instead of deadlocking.
-- Returns the ordinal (1-based, in request order) of each renewed lease and whether a cancel is pending; a lease
-- not returned is lost.
WITH target AS MATERIALIZED (
    SELECT lease.*
    FROM (SELECT * FROM unnest(@ids, @attempts) WITH ORDINALITY AS lease(id, attempt, ord) ORDER BY id) AS lease
    CROSS JOIN LATERAL (
        SELECT state, attempt, lease_owner FROM {schema}.jobs WHERE id = lease.id FOR NO KEY UPDATE OFFSET 0
    ) AS j
    WHERE j.state = 'running' AND j.attempt = lease.attempt AND j.lease_owner = @owner
)
UPDATE {schema}.jobs AS j
SET lease_expires_at = coalesce(@now, statement_timestamp()) + @lease
FROM target AS lease
WHERE j.id = lease.id
RETURNING lease.ord, j.cancel_requested_at IS NOT NULL AS cancel_requested;
