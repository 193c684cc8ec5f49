-- Takes one execution from key @key's sliding window of @limit per @period if it allows one now. Inputs: @lock_space
-- (the schema's advisory lock space) @key @limit (at least 1) @period (a positive interval), @now (NULL: the database
-- clock). Guard: the key's transaction-scoped advisory lock, taken by the first statement, serialises every take of
-- the key; the second statement runs after it in the same implicit transaction (one round trip, one commit), so its
-- snapshot sees every take committed before the lock was granted. (In one statement the snapshot would predate the
-- lock, and racing takers could each count too few.) A key's takes older than now - @period, and any beyond its
-- newest @limit (a lowered limit), are deleted; now is inserted when fewer than @limit remain. One row back: allowed,
-- when refused the wait until the oldest kept take is a period old (oldest + @period - now), how long the take
-- queued for the key's lock before now was read (the second statement's start less the transaction's), and when
-- allowed the inserted row's taken_at and id (the take's token, for release_rate_limit.sql; NULL when refused).
SELECT pg_advisory_xact_lock(hashtext(@lock_space), hashtext(@key));
WITH clock AS (
    SELECT coalesce(@now, statement_timestamp()) AS now
), takes AS MATERIALIZED (
    SELECT take.id, take.taken_at,
           take.taken_at > clock.now - @period
           AND row_number() OVER (ORDER BY take.taken_at DESC, take.id DESC) <= @limit AS kept
    FROM {schema}.rate_limit_takes AS take, clock
    WHERE take.key = @key
), forgotten AS (
    DELETE FROM {schema}.rate_limit_takes AS take
    USING takes
    WHERE take.key = @key AND take.taken_at = takes.taken_at AND take.id = takes.id AND NOT takes.kept
), live AS (
    SELECT count(*) AS count, min(takes.taken_at) AS oldest FROM takes WHERE takes.kept
), taken AS (
    INSERT INTO {schema}.rate_limit_takes (taken_at, key)
    SELECT clock.now, @key FROM clock, live WHERE live.count < @limit
    RETURNING taken_at, id
)
SELECT live.count < @limit AS allowed,
       CASE WHEN live.count < @limit THEN interval '0' ELSE live.oldest + @period - clock.now END AS retry_after,
       statement_timestamp() - transaction_timestamp() AS queued,
       taken.taken_at,
       taken.id
FROM clock CROSS JOIN live LEFT JOIN taken ON true;
