-- Renews leases of @owner to now + @lease. Inputs: @owner @lease @now (NULL: the database clock), and one element
-- per lease in @ids @attempts. Guard: still running with the same attempt and owner.
-- The rows are locked in id order first (the count over "locked" runs once, before any row is updated), as in
-- complete.sql, so a renewal and a completion batch over the same jobs queue behind each other instead of deadlocking.
-- Returns the ordinal (1-based, in request order) of each renewed lease and whether a cancel is pending; a lease
-- not returned is lost.
WITH locked AS MATERIALIZED (
    SELECT id FROM {schema}.jobs WHERE id = ANY(@ids) ORDER BY id FOR NO KEY UPDATE
)
UPDATE {schema}.jobs AS j
SET lease_expires_at = coalesce(@now, statement_timestamp()) + @lease
FROM unnest(@ids, @attempts) WITH ORDINALITY AS lease(id, attempt, ord)
WHERE (SELECT count(*) FROM locked) > 0
  AND j.id = lease.id AND j.state = 'running' AND j.attempt = lease.attempt AND j.lease_owner = @owner
RETURNING lease.ord, j.cancel_requested_at IS NOT NULL AS cancel_requested;
